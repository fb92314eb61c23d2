import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, mockApi } from '../../test/mockApi';
import { never, renderWithProviders } from '../../test/render';
import { UngarPanel } from './UngarPanel';

const IDS = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
const GENERATED = {
  trace_ids: IDS,
  preview: [
    { trace_id: IDS[0], game: 'high_card_duel', result: 'loss', my_card: 'TS' },
    { trace_id: IDS[1], game: 'high_card_duel', result: 'win', my_card: 'AH' },
  ],
};

describe('UngarPanel', () => {
  it('shows Loading... while the status is unknown', () => {
    mockApi({ 'GET /api/ungar/status': never });
    renderWithProviders(<UngarPanel />);
    expect(screen.getByTestId('ungar:status')).toHaveTextContent('Status: Loading...');
    expect(screen.queryByTestId('ungar:generator')).not.toBeInTheDocument();
  });

  it('shows Available, the version and the generator form', async () => {
    mockApi();
    renderWithProviders(<UngarPanel />);
    await waitFor(() => expect(screen.getByTestId('ungar:status')).toHaveTextContent('Status: ✅ Available'));
    expect(screen.getByTestId('ungar:version')).toHaveTextContent('Version: 0.1.0');
    expect(screen.getByLabelText('Trace Count (1-100):')).toHaveValue(5);
    expect(screen.getByLabelText('Random Seed (optional):')).toHaveValue(42);
  });

  it('shows Not Installed without a generator', async () => {
    mockApi({ 'GET /api/ungar/status': { available: false, version: null } });
    renderWithProviders(<UngarPanel />);
    await waitFor(() => expect(screen.getByTestId('ungar:status')).toHaveTextContent('❌ Not Installed'));
    expect(screen.queryByTestId('ungar:version')).not.toBeInTheDocument();
    expect(screen.queryByTestId('ungar:generator')).not.toBeInTheDocument();
  });

  it('generates traces and lists ids and preview', async () => {
    const api = mockApi({ 'POST /api/ungar/high-card-duel/generate': GENERATED });
    renderWithProviders(<UngarPanel />);
    const user = userEvent.setup();
    const count = await screen.findByTestId('ungar:generate-count');
    await user.clear(count);
    await user.type(count, '2');
    await user.click(screen.getByTestId('ungar:generate-btn'));
    expect(await screen.findByTestId('ungar:results')).toHaveTextContent('Generated 2 Traces');
    expect(screen.getByTestId(`ungar:trace-id-${IDS[0]}`)).toBeInTheDocument();
    expect(screen.getByTestId('ungar:preview')).toHaveTextContent('Game: high_card_duel, Result: loss, Card: TS');
    expect(api.callsTo('POST', '/api/ungar/high-card-duel/generate')[0]?.body).toEqual({
      count: 2,
      seed: 42,
      persist: true,
    });
  });

  it('sends seed null when the seed is empty and disables inputs while generating', async () => {
    const api = mockApi({ 'POST /api/ungar/high-card-duel/generate': never });
    renderWithProviders(<UngarPanel />);
    const user = userEvent.setup();
    await user.clear(await screen.findByTestId('ungar:generate-seed'));
    await user.click(screen.getByTestId('ungar:generate-btn'));
    await waitFor(() => expect(screen.getByTestId('ungar:generate-btn')).toBeDisabled());
    expect(screen.getByTestId('ungar:generate-count')).toBeDisabled();
    expect(api.callsTo('POST', '/api/ungar/high-card-duel/generate')[0]?.body).toMatchObject({ seed: null });
  });

  it('validates the count before sending', async () => {
    const api = mockApi();
    renderWithProviders(<UngarPanel />);
    const user = userEvent.setup();
    const count = await screen.findByTestId('ungar:generate-count');
    await user.clear(count);
    await user.type(count, '101');
    await user.click(screen.getByTestId('ungar:generate-btn'));
    expect(screen.getByTestId('ungar:error')).toHaveTextContent('Error: Count must be between 1 and 100');
    expect(api.callsTo('POST', '/api/ungar/high-card-duel/generate')).toHaveLength(0);
  });

  it("shows the server's detail on failure", async () => {
    mockApi({ 'POST /api/ungar/high-card-duel/generate': apiError(501, 'UNGAR is not installed') });
    renderWithProviders(<UngarPanel />);
    await userEvent.setup().click(await screen.findByTestId('ungar:generate-btn'));
    expect(await screen.findByTestId('ungar:error')).toHaveTextContent(
      'Error: Generation failed: UNGAR is not installed (501)',
    );
    expect(screen.queryByTestId('ungar:results')).not.toBeInTheDocument();
  });
});
