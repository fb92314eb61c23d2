import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { API_KEY_STORAGE_KEY } from '../../shared/api';
import { datasetList } from '../../test/fixtures';
import { apiError, mockApi } from '../../test/mockApi';
import { renderWithKeyedClient, renderWithProviders } from '../../test/render';
import { DatasetsPanel } from '../datasets/DatasetsPanel';
import { StatusCards } from '../status/StatusCards';
import { TraceList } from '../traces/TraceList';
import { TracePanel } from '../traces/TracePanel';
import { ApiKeyControl } from './ApiKeyControl';

const MISSING = 'Missing API key: send the header "Authorization: Bearer <key>"';
const HINT = 'Set an API key (header → API key)';

function withControl(...panels: ReactElement[]) {
  return (
    <>
      <ApiKeyControl />
      {panels}
    </>
  );
}

afterEach(() => vi.restoreAllMocks());

describe('ApiKeyControl', () => {
  it('starts without a key and sends no Authorization header', async () => {
    const api = mockApi();
    renderWithKeyedClient(withControl(<StatusCards key="s" />));
    expect(screen.getByTestId('auth:key-status')).toHaveTextContent('No API key');
    expect(await screen.findByTestId('sys:api-status')).toHaveTextContent('API: healthy');
    expect(api.callsTo('GET', '/api/health')[0]?.headers.get('authorization')).toBeNull();
  });

  it('saves a key (sessionStorage), refetches with the bearer header, and clears it', async () => {
    const api = mockApi();
    renderWithKeyedClient(withControl(<StatusCards key="s" />));
    await screen.findByTestId('sys:api-status');
    const user = userEvent.setup();
    expect(screen.queryByTestId('auth:key-input')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'API key' }));
    const input = screen.getByLabelText('API key');
    expect(input).toHaveAttribute('data-testid', 'auth:key-input');
    expect(input).toHaveAttribute('type', 'password');
    expect(screen.getByTestId('auth:key-save')).toBeDisabled();
    await user.type(input, 'sekret-123');
    await user.click(screen.getByTestId('auth:key-save'));

    expect(screen.getByTestId('auth:key-status')).toHaveTextContent('API key set');
    expect(sessionStorage.getItem(API_KEY_STORAGE_KEY)).toBe('sekret-123');
    expect(document.body.textContent).not.toContain('sekret-123');
    // The cache is invalidated: the panels refetch, now with the key.
    await waitFor(() => expect(api.callsTo('GET', '/api/health')).toHaveLength(2));
    expect(api.callsTo('GET', '/api/health')[1]?.headers.get('authorization')).toBe('Bearer sekret-123');
    expect(api.callsTo('GET', '/api/redi/health').at(-1)?.headers.get('authorization')).toBe('Bearer sekret-123');

    await user.click(screen.getByRole('button', { name: 'API key' }));
    expect(screen.getByLabelText('API key')).toHaveValue('');
    await user.click(screen.getByTestId('auth:key-clear'));
    expect(screen.getByTestId('auth:key-status')).toHaveTextContent('No API key');
    expect(sessionStorage.getItem(API_KEY_STORAGE_KEY)).toBeNull();
    await waitFor(() => expect(api.callsTo('GET', '/api/health')).toHaveLength(3));
    expect(api.callsTo('GET', '/api/health')[2]?.headers.get('authorization')).toBeNull();
  });

  it('sends the saved key with writes too', async () => {
    const api = mockApi({
      'POST /api/traces': {
        id: '5b0c8f0e-6a0e-4f5e-9a43-2f8f1f3f2b11',
        created_at: '2025-12-22T10:00:00.123Z',
        trace_version: '1.0',
      },
    });
    renderWithKeyedClient(withControl(<TracePanel key="t" />));
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'API key' }));
    await user.type(screen.getByTestId('auth:key-input'), 'w-key');
    await user.click(screen.getByTestId('auth:key-save'));
    await user.click(screen.getByTestId('trace:load-example'));
    await user.click(screen.getByTestId('trace:upload'));
    await waitFor(() => expect(api.callsTo('POST', '/api/traces')).toHaveLength(1));
    expect(api.callsTo('POST', '/api/traces')[0]?.headers.get('authorization')).toBe('Bearer w-key');
  });

  it('is keyboard usable: Enter saves, Escape closes and returns focus', async () => {
    mockApi();
    renderWithKeyedClient(<ApiKeyControl />);
    const user = userEvent.setup();
    const toggle = screen.getByRole('button', { name: 'API key' });
    toggle.focus();
    await user.keyboard('{Enter}');
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByTestId('auth:key-input')).toHaveFocus();
    await user.keyboard('k-1{Enter}');
    expect(screen.getByTestId('auth:key-status')).toHaveTextContent('API key set');
    expect(screen.queryByTestId('auth:key-input')).not.toBeInTheDocument();
    expect(toggle).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.getByTestId('auth:key-input')).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('auth:key-input')).not.toBeInTheDocument();
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(toggle).toHaveFocus();
    expect(sessionStorage.getItem(API_KEY_STORAGE_KEY)).toBe('k-1');
  });

  it('picks up a key saved earlier in this tab (reload)', async () => {
    sessionStorage.setItem(API_KEY_STORAGE_KEY, 'from-reload');
    const api = mockApi();
    renderWithKeyedClient(withControl(<StatusCards key="s" />));
    expect(screen.getByTestId('auth:key-status')).toHaveTextContent('API key set');
    await screen.findByTestId('sys:api-status');
    expect(api.callsTo('GET', '/api/health')[0]?.headers.get('authorization')).toBe('Bearer from-reload');
  });

  it('downloads an export through the client, with the key', async () => {
    sessionStorage.setItem(API_KEY_STORAGE_KEY, 'dl-key');
    const api = mockApi({
      'GET /api/datasets': datasetList('hcd-v1'),
      'GET /api/datasets/hcd-v1/export.jsonl': new Response('{"id":1}\n'),
    });
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:x');
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderWithKeyedClient(<DatasetsPanel onUseKey={() => {}} />);
    await userEvent.setup().click(await screen.findByTestId('dataset:export-btn-hcd-v1'));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect((click.mock.contexts[0] as HTMLAnchorElement).href).toBe('blob:x');
    expect(api.callsTo('GET', '/api/datasets/hcd-v1/export.jsonl')[0]?.headers.get('authorization')).toBe(
      'Bearer dl-key',
    );
  });
});

describe('auth errors', () => {
  it("shows a 401's detail with the API key hint", async () => {
    mockApi({ 'GET /api/traces': apiError(401, MISSING) });
    renderWithProviders(<TraceList />);
    const banner = await screen.findByTestId('trace:list-error');
    expect(banner).toHaveTextContent(`Loading traces failed: ${MISSING} (401). ${HINT}`);
  });

  it("shows a 403's detail with the hint", async () => {
    mockApi({ 'POST /api/traces': apiError(403, 'Invalid API key') });
    renderWithProviders(<TracePanel />);
    const user = userEvent.setup();
    await user.click(screen.getByTestId('trace:load-example'));
    await user.click(screen.getByTestId('trace:upload'));
    expect(await screen.findByTestId('trace:error')).toHaveTextContent(`Invalid API key (403). ${HINT}`);
  });

  it('adds no hint to other errors', async () => {
    mockApi({ 'GET /api/traces': apiError(500, 'boom') });
    renderWithProviders(<TraceList />);
    const banner = await screen.findByTestId('trace:list-error');
    expect(banner).toHaveTextContent('Loading traces failed: boom (500)');
    expect(banner).not.toHaveTextContent(HINT);
  });
});
