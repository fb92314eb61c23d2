import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, mockApi } from '../../test/mockApi';
import { never, renderWithProviders } from '../../test/render';
import { TracePanel } from './TracePanel';

const ID = '5b0c8f0e-6a0e-4f5e-9a43-2f8f1f3f2b11';
const created = { id: ID, created_at: '2025-12-22T10:00:00.123Z', trace_version: '1.0' };

async function loadExampleAndUpload() {
  const user = userEvent.setup();
  await user.click(screen.getByTestId('trace:load-example'));
  await user.click(screen.getByTestId('trace:upload'));
  return user;
}

describe('TracePanel', () => {
  it('loads the example trace into the textarea', async () => {
    mockApi();
    renderWithProviders(<TracePanel />);
    await userEvent.setup().click(screen.getByTestId('trace:load-example'));
    const value = (screen.getByTestId('trace:json') as HTMLTextAreaElement).value;
    expect(value).toContain('Convert 68°F to Celsius');
    expect(value).toContain('20°C');
    expect(screen.getByLabelText('Trace JSON:')).toBe(screen.getByTestId('trace:json'));
  });

  it('disables Upload and Fetch until there is something to send', () => {
    mockApi();
    renderWithProviders(<TracePanel />);
    expect(screen.getByTestId('trace:upload')).toBeDisabled();
    expect(screen.getByTestId('trace:fetch')).toBeDisabled();
  });

  it('uploads, shows the id, then fetches the trace', async () => {
    const api = mockApi({
      'POST /api/traces': () => created,
      [`GET /api/traces/${ID}`]: { ...created, payload: { prompt: 'Convert 68°F to Celsius', steps: [] } },
    });
    renderWithProviders(<TracePanel />);
    const user = await loadExampleAndUpload();
    expect(await screen.findByTestId('trace:success')).toHaveTextContent(`Success! Trace uploaded with ID: ${ID}`);
    expect(api.callsTo('POST', '/api/traces')[0]?.body).toMatchObject({ prompt: 'Convert 68°F to Celsius' });
    await user.click(screen.getByTestId('trace:fetch'));
    expect(await screen.findByTestId('trace:result')).toHaveTextContent('Fetched Trace');
    expect(screen.getByTestId('trace:result-content')).toHaveTextContent(ID);
    expect(screen.getByTestId('trace:result-content')).toHaveTextContent('payload');
  });

  it('disables the buttons while the upload is in flight', async () => {
    mockApi({ 'POST /api/traces': never });
    renderWithProviders(<TracePanel />);
    await loadExampleAndUpload();
    await waitFor(() => expect(screen.getByTestId('trace:upload')).toBeDisabled());
    expect(screen.getByTestId('trace:load-example')).toBeDisabled();
  });

  it('shows Invalid JSON format without sending anything', async () => {
    const api = mockApi();
    renderWithProviders(<TracePanel />);
    const user = userEvent.setup();
    await user.type(screen.getByTestId('trace:json'), 'not json');
    await user.click(screen.getByTestId('trace:upload'));
    expect(screen.getByTestId('trace:error')).toHaveTextContent('Error: Invalid JSON format');
    expect(api.callsTo('POST', '/api/traces')).toHaveLength(0);
  });

  it("shows the server's 422 detail messages and status", async () => {
    mockApi({
      'POST /api/traces': apiError(422, [
        { type: 'too_short', loc: ['body', 'steps'], msg: 'List should have at least 1 item after validation' },
      ]),
    });
    renderWithProviders(<TracePanel />);
    await loadExampleAndUpload();
    expect(await screen.findByTestId('trace:error')).toHaveTextContent(
      'Error: Upload failed: List should have at least 1 item after validation (422)',
    );
    expect(screen.queryByTestId('trace:success')).not.toBeInTheDocument();
  });

  it('shows a string detail (413) and the network-failure text', async () => {
    const api = mockApi({ 'POST /api/traces': apiError(413, 'Payload size exceeds maximum of 1048576 bytes') });
    renderWithProviders(<TracePanel />);
    const user = await loadExampleAndUpload();
    expect(await screen.findByTestId('trace:error')).toHaveTextContent(
      'Upload failed: Payload size exceeds maximum of 1048576 bytes (413)',
    );
    api.routes['POST /api/traces'] = () => new TypeError('Failed to fetch');
    await user.click(screen.getByTestId('trace:upload'));
    await waitFor(() => expect(screen.getByTestId('trace:error')).toHaveTextContent('Upload failed: Unknown error'));
  });

  it('shows a fetch failure and clears the displayed trace', async () => {
    const api = mockApi({
      'POST /api/traces': created,
      [`GET /api/traces/${ID}`]: { ...created, payload: {} },
    });
    renderWithProviders(<TracePanel />);
    const user = await loadExampleAndUpload();
    await screen.findByTestId('trace:success');
    await user.click(screen.getByTestId('trace:fetch'));
    await screen.findByTestId('trace:result');
    api.routes[`GET /api/traces/${ID}`] = apiError(404, `Trace ${ID} not found`);
    await user.click(screen.getByTestId('trace:fetch'));
    expect(await screen.findByTestId('trace:error')).toHaveTextContent(`Fetch failed: Trace ${ID} not found (404)`);
    expect(screen.queryByTestId('trace:result')).not.toBeInTheDocument();
  });
});
