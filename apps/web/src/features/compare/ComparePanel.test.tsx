import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, mockApi } from '../../test/mockApi';
import { never, renderWithProviders } from '../../test/render';
import { ComparePanel } from './ComparePanel';

const side = (id: string, score: number, prompt: string, steps: string[]) => ({
  id,
  created_at: '2025-12-22T10:00:00.000Z',
  score,
  trace_version: '1.0',
  payload: {
    trace_version: '1.0',
    prompt,
    final_answer: `answer ${id}`,
    steps: steps.map((content, i) => ({ i, type: 'compute', content })),
    meta: null,
  },
});
const RESULT = {
  base: side('b1', 25.5, 'What is 2 + 2?', ['Add 2 and 2']),
  other: side('o1', 75.8, 'Explain photosynthesis', ['Light is absorbed', 'Water is split']),
};

async function submit(base = 'b1', other = 'o1') {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Base Trace ID:'), base);
  await user.type(screen.getByLabelText('Other Trace ID:'), other);
  await user.click(screen.getByTestId('compare:submit'));
}

describe('ComparePanel', () => {
  it('disables the button while an id is missing', async () => {
    mockApi();
    renderWithProviders(<ComparePanel />);
    expect(screen.getByTestId('compare:submit')).toBeDisabled();
    await userEvent.setup().type(screen.getByTestId('compare:base-id'), 'x');
    expect(screen.getByTestId('compare:submit')).toBeDisabled();
  });

  it('shows both traces side by side with scores and aligned steps', async () => {
    const api = mockApi({ 'GET /api/traces/compare': RESULT });
    renderWithProviders(<ComparePanel />);
    await submit();
    const result = await screen.findByTestId('compare:result');
    expect(within(result).getByRole('heading', { name: 'Base Trace' })).toBeInTheDocument();
    expect(within(result).getByRole('heading', { name: 'Other Trace' })).toBeInTheDocument();
    expect(screen.getByTestId('compare:base-score')).toHaveTextContent('Score: 25.50');
    expect(screen.getByTestId('compare:other-score')).toHaveTextContent('Score: 75.80');
    expect(screen.getByTestId('compare:base-prompt')).toHaveTextContent('What is 2 + 2?');
    expect(screen.getByTestId('compare:other-answer')).toHaveTextContent('answer o1');
    expect(screen.getByTestId('compare:base-step-0')).toHaveTextContent('compute: Add 2 and 2');
    expect(screen.getByTestId('compare:other-step-1')).toHaveTextContent('Water is split');
    // 8 header rows + the longer step list, shared by both columns.
    expect(screen.getByTestId('compare:base-column').style.getPropertyValue('--rows')).toBe('10');
    expect(api.callsTo('GET', '/api/traces/compare')[0]?.url.search).toBe('?base=b1&other=o1');
  });

  it('disables the button while comparing', async () => {
    mockApi({ 'GET /api/traces/compare': never });
    renderWithProviders(<ComparePanel />);
    await submit();
    await waitFor(() => expect(screen.getByTestId('compare:submit')).toBeDisabled());
  });

  it("shows the server's detail and clears the previous result", async () => {
    const api = mockApi({ 'GET /api/traces/compare': RESULT });
    renderWithProviders(<ComparePanel />);
    await submit();
    await screen.findByTestId('compare:result');
    api.routes['GET /api/traces/compare'] = apiError(404, 'Base trace b1 not found');
    await userEvent.setup().click(screen.getByTestId('compare:submit'));
    expect(await screen.findByTestId('compare:error')).toHaveTextContent(
      'Error: Compare failed: Base trace b1 not found (404)',
    );
    expect(screen.queryByTestId('compare:result')).not.toBeInTheDocument();
  });
});
