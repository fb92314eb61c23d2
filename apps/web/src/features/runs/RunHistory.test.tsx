import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_KEY_STORAGE_KEY } from '../../shared/api';
import { apiError, type MockRequest, mockApi } from '../../test/mockApi';
import { never, renderWithKeyedClient, renderWithProviders } from '../../test/render';
import { RunHistory } from './RunHistory';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const item = (n: number, patch: Record<string, unknown> = {}) => ({
  run_id: id(n),
  dataset_key: `ds-${n}`,
  model_id: 'google/gemma-2b-it',
  mode: 'dry-run',
  status: 'completed',
  started_at: '2025-12-22T10:00:00.000Z',
  duration_seconds: 0,
  ...patch,
});
const page = (items: unknown[], next: number | null = null, offset = 0) => ({
  data: items,
  pagination: { limit: 20, offset, next_offset: next },
});
const detail = (n: number, patch: Record<string, unknown> = {}) => ({
  ...item(n),
  output_dir: '',
  exit_code: 0,
  stdout: `stdout of ${n}`,
  stderr: '',
  completed_at: '2025-12-22T10:00:01.000Z',
  message: 'Dry-run validation successful',
  ...patch,
});
const noLogs = (n: number) => ({ run_id: id(n), chunks: [], next_offset: 0, done: true });
const noMetrics = (n: number) => ({ run_id: id(n), points: [] });

async function expand() {
  const user = userEvent.setup();
  await user.click(screen.getByTestId('tunix:toggle-history-btn'));
  return user;
}

describe('RunHistory', () => {
  it('is collapsed by default and fetches nothing', () => {
    const api = mockApi();
    renderWithProviders(<RunHistory />);
    expect(screen.getByTestId('tunix:toggle-history-btn')).toHaveTextContent('▶ Run History');
    expect(screen.queryByTestId('tunix:run-history-content')).not.toBeInTheDocument();
    expect(api.callsTo('GET', '/api/tunix/runs')).toHaveLength(0);
  });

  it('shows a loading state while the first page loads', async () => {
    mockApi({ 'GET /api/tunix/runs': never });
    renderWithProviders(<RunHistory />);
    await expand();
    expect(screen.getByTestId('tunix:run-history-content')).toHaveTextContent('Loading run history...');
    expect(screen.getByTestId('tunix:refresh-history-btn')).toHaveTextContent('Refreshing...');
    expect(screen.getByTestId('tunix:refresh-history-btn')).toBeDisabled();
  });

  it('expands, fetches ?limit=20 and lists the runs', async () => {
    const api = mockApi({ 'GET /api/tunix/runs': page([item(1), item(2, { mode: 'local', status: 'failed' })]) });
    renderWithProviders(<RunHistory />);
    await expand();
    expect(screen.getByTestId('tunix:toggle-history-btn')).toHaveTextContent('▼ Run History');
    expect(await screen.findByTestId(`tunix:history-row-${id(1)}`)).toBeInTheDocument();
    const list = screen.getByTestId('tunix:history-list');
    for (const header of ['Status', 'Mode', 'Dataset', 'Model', 'Duration', 'Started', 'Actions']) {
      expect(within(list).getByRole('columnheader', { name: header })).toBeInTheDocument();
    }
    expect(screen.getByTestId(`tunix:history-status-${id(2)}`)).toHaveTextContent('failed');
    expect(screen.getByTestId(`tunix:history-status-${id(2)}`).firstChild).toHaveClass('status-badge', 'status-failed');
    expect(screen.getByTestId(`tunix:history-mode-${id(2)}`)).toHaveTextContent('local');
    expect(screen.getByTestId(`tunix:history-dataset-${id(1)}`)).toHaveTextContent('ds-1');
    expect(screen.getByTestId(`tunix:history-duration-${id(1)}`)).toHaveTextContent('0.00s');
    expect(api.callsTo('GET', '/api/tunix/runs')[0]?.url.search).toBe('?limit=20');
  });

  it('shows the empty state', async () => {
    mockApi();
    renderWithProviders(<RunHistory />);
    await expand();
    expect(await screen.findByTestId('tunix:history-empty')).toHaveTextContent(
      'No runs found. Execute a run to see history.',
    );
  });

  it("shows a list error with the server's detail", async () => {
    mockApi({ 'GET /api/tunix/runs': apiError(422, 'limit must be between 1 and 100') });
    renderWithProviders(<RunHistory />);
    await expand();
    expect(await screen.findByTestId('tunix:history-error')).toHaveTextContent(
      'Error: limit must be between 1 and 100 (422)',
    );
  });

  it('does not refetch on collapse/expand; Refresh replaces the rows', async () => {
    const api = mockApi({ 'GET /api/tunix/runs': page([item(1)]) });
    renderWithProviders(<RunHistory />);
    const user = await expand();
    await screen.findByTestId(`tunix:history-row-${id(1)}`);
    await user.click(screen.getByTestId('tunix:toggle-history-btn'));
    await user.click(screen.getByTestId('tunix:toggle-history-btn'));
    expect(await screen.findByTestId(`tunix:history-row-${id(1)}`)).toBeInTheDocument();
    expect(api.callsTo('GET', '/api/tunix/runs')).toHaveLength(1);
    api.routes['GET /api/tunix/runs'] = page([item(3)]);
    await user.click(screen.getByTestId('tunix:refresh-history-btn'));
    expect(await screen.findByTestId(`tunix:history-row-${id(3)}`)).toBeInTheDocument();
    expect(screen.queryByTestId(`tunix:history-row-${id(1)}`)).not.toBeInTheDocument();
  });

  it('sends the filters as query parameters', async () => {
    const api = mockApi({ 'GET /api/tunix/runs': page([item(1)]) });
    renderWithProviders(<RunHistory />);
    const user = await expand();
    await screen.findByTestId(`tunix:history-row-${id(1)}`);
    await user.selectOptions(screen.getByTestId('tunix:filter-status'), 'running');
    await user.selectOptions(screen.getByTestId('tunix:filter-mode'), 'local');
    await user.type(screen.getByTestId('tunix:filter-dataset'), 'hcd-v1');
    await waitFor(() =>
      expect(api.callsTo('GET', '/api/tunix/runs').at(-1)?.url.search).toBe(
        '?limit=20&status=running&mode=local&dataset_key=hcd-v1',
      ),
    );
  });

  it('pages with prev/next using next_offset', async () => {
    const api = mockApi({
      'GET /api/tunix/runs': (req: MockRequest) =>
        req.url.searchParams.get('offset') === '20' ? page([item(21)], null, 20) : page([item(1)], 20),
    });
    renderWithProviders(<RunHistory />);
    const user = await expand();
    await screen.findByTestId(`tunix:history-row-${id(1)}`);
    expect(screen.getByTestId('tunix:history-prev')).toBeDisabled();
    await user.click(screen.getByTestId('tunix:history-next'));
    expect(await screen.findByTestId(`tunix:history-row-${id(21)}`)).toBeInTheDocument();
    expect(api.callsTo('GET', '/api/tunix/runs').at(-1)?.url.search).toBe('?limit=20&offset=20');
    expect(screen.getByTestId('tunix:history-next')).toBeDisabled();
    await user.click(screen.getByTestId('tunix:history-prev'));
    expect(await screen.findByTestId(`tunix:history-row-${id(1)}`)).toBeInTheDocument();
  });

  it('shows and hides run details with stdout, logs and a retry button', async () => {
    mockApi({
      'GET /api/tunix/runs': page([item(1), item(2)]),
      [`GET /api/tunix/runs/${id(1)}`]: detail(1),
      [`GET /api/tunix/runs/${id(1)}/logs`]: {
        run_id: id(1),
        chunks: [{ seq: 1, stream: 'stdout', data: 'hello log', created_at: '' }],
        next_offset: 1,
        done: true,
      },
      [`GET /api/tunix/runs/${id(1)}/metrics`]: noMetrics(1),
    });
    renderWithProviders(<RunHistory />);
    const user = await expand();
    await user.click(await screen.findByTestId(`tunix:view-detail-btn-${id(1)}`));
    const box = await screen.findByTestId(`tunix:run-detail-${id(1)}`);
    expect(box).toHaveTextContent('Run Details');
    expect(box).toHaveTextContent('Message: Dry-run validation successful');
    expect(box).toHaveTextContent('Exit Code: 0');
    expect(screen.getByTestId(`tunix:detail-stdout-${id(1)}`)).toHaveTextContent('stdout of 1');
    expect(await screen.findByTestId(`tunix:detail-logs-${id(1)}`)).toHaveTextContent('hello log');
    expect(screen.getByTestId(`tunix:retry-btn-${id(1)}`)).toBeInTheDocument();
    expect(screen.queryByTestId(`tunix:cancel-btn-${id(1)}`)).not.toBeInTheDocument();
    expect(screen.queryByTestId(`tunix:detail-metrics-${id(1)}`)).not.toBeInTheDocument();
    expect(screen.getByTestId(`tunix:view-detail-btn-${id(1)}`)).toHaveTextContent('Hide');
    await user.click(screen.getByTestId(`tunix:view-detail-btn-${id(1)}`));
    expect(screen.queryByTestId(`tunix:run-detail-${id(1)}`)).not.toBeInTheDocument();
  });

  it('shows a detail fetch error in the history error banner', async () => {
    mockApi({
      'GET /api/tunix/runs': page([item(1)]),
      [`GET /api/tunix/runs/${id(1)}`]: apiError(404, `Tunix run not found: ${id(1)}`),
    });
    renderWithProviders(<RunHistory />);
    const user = await expand();
    await user.click(await screen.findByTestId(`tunix:view-detail-btn-${id(1)}`));
    expect(await screen.findByTestId('tunix:history-error')).toHaveTextContent(`Tunix run not found: ${id(1)} (404)`);
  });

  it('retries a finished run and selects the new run', async () => {
    let retried = false;
    const api = mockApi({
      'GET /api/tunix/runs': () => page(retried ? [item(9, { status: 'pending' }), item(1)] : [item(1)]),
      [`GET /api/tunix/runs/${id(1)}`]: detail(1),
      [`GET /api/tunix/runs/${id(1)}/logs`]: noLogs(1),
      [`GET /api/tunix/runs/${id(1)}/metrics`]: noMetrics(1),
      [`POST /api/tunix/runs/${id(1)}/retry`]: () => {
        retried = true;
        return detail(9, { status: 'pending', retry_of: id(1) });
      },
      [`GET /api/tunix/runs/${id(9)}`]: detail(9, { status: 'pending', retry_of: id(1), exit_code: null }),
      [`GET /api/tunix/runs/${id(9)}/logs`]: noLogs(9),
      [`GET /api/tunix/runs/${id(9)}/metrics`]: noMetrics(9),
    });
    renderWithProviders(<RunHistory />);
    const user = await expand();
    await user.click(await screen.findByTestId(`tunix:view-detail-btn-${id(1)}`));
    await user.click(await screen.findByTestId(`tunix:retry-btn-${id(1)}`));
    expect(await screen.findByTestId(`tunix:run-detail-${id(9)}`)).toHaveTextContent(`Retry of: ${id(1)}`);
    expect(screen.getByTestId(`tunix:cancel-btn-${id(9)}`)).toBeInTheDocument();
    expect(api.callsTo('POST', `/api/tunix/runs/${id(1)}/retry`)).toHaveLength(1);
  });

  it("cancels an active run and shows a cancel failure's detail", async () => {
    const api = mockApi({
      'GET /api/tunix/runs': page([item(1, { status: 'running', duration_seconds: null })]),
      [`GET /api/tunix/runs/${id(1)}`]: detail(1, { status: 'running', exit_code: null }),
      [`GET /api/tunix/runs/${id(1)}/logs`]: noLogs(1),
      [`GET /api/tunix/runs/${id(1)}/metrics`]: noMetrics(1),
      [`POST /api/tunix/runs/${id(1)}/cancel`]: apiError(409, 'Run already finished'),
    });
    renderWithProviders(<RunHistory />);
    const user = await expand();
    expect(await screen.findByTestId(`tunix:history-duration-${id(1)}`)).toHaveTextContent('N/A');
    await user.click(screen.getByTestId(`tunix:view-detail-btn-${id(1)}`));
    await user.click(await screen.findByTestId(`tunix:cancel-btn-${id(1)}`));
    expect(await screen.findByTestId('tunix:history-error')).toHaveTextContent(
      'Cancel failed: Run already finished (409)',
    );
    expect(api.callsTo('POST', `/api/tunix/runs/${id(1)}/cancel`)).toHaveLength(1);
    expect(screen.queryByTestId(`tunix:retry-btn-${id(1)}`)).not.toBeInTheDocument();
  });

  it('draws a metrics chart when the run has points', async () => {
    mockApi({
      'GET /api/tunix/runs': page([item(1)]),
      [`GET /api/tunix/runs/${id(1)}`]: detail(1),
      [`GET /api/tunix/runs/${id(1)}/logs`]: noLogs(1),
      [`GET /api/tunix/runs/${id(1)}/metrics`]: {
        run_id: id(1),
        points: [
          { step: 1, values: { loss: 2.5 }, created_at: '' },
          { step: 2, values: { loss: 1.7 }, created_at: '' },
        ],
      },
    });
    renderWithProviders(<RunHistory />);
    const user = await expand();
    await user.click(await screen.findByTestId(`tunix:view-detail-btn-${id(1)}`));
    expect(await screen.findByTestId(`tunix:detail-metrics-${id(1)}`)).toHaveTextContent('2 points');
  });
});

describe('RunHistory live updates', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refreshes itself every 2 s while a run is pending or running, then stops', async () => {
    let status = 'running';
    const api = mockApi({ 'GET /api/tunix/runs': () => page([item(1, { status })]) });
    renderWithProviders(<RunHistory />);
    await userEvent
      .setup({ advanceTimers: vi.advanceTimersByTime })
      .click(screen.getByTestId('tunix:toggle-history-btn'));
    await screen.findByTestId(`tunix:history-row-${id(1)}`);
    expect(api.callsTo('GET', '/api/tunix/runs')).toHaveLength(1);
    status = 'completed';
    await act(() => vi.advanceTimersByTimeAsync(2_100));
    await waitFor(() => expect(screen.getByTestId(`tunix:history-status-${id(1)}`)).toHaveTextContent('completed'));
    expect(api.callsTo('GET', '/api/tunix/runs')).toHaveLength(2);
    await act(() => vi.advanceTimersByTimeAsync(6_000));
    expect(api.callsTo('GET', '/api/tunix/runs')).toHaveLength(2);
  });
});

/** Minimal EventSource stand-in: tests push events through `emit`. */
class FakeEventSource {
  static instances: FakeEventSource[] = [];
  readonly url: string;
  closed = false;
  private listeners = new Map<string, Array<(event: MessageEvent) => void>>();
  constructor(url: string) {
    this.url = url;
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data: unknown) {
    const event = new MessageEvent(type, { data: typeof data === 'string' ? data : JSON.stringify(data) });
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

describe('RunHistory log stream', () => {
  beforeEach(() => {
    FakeEventSource.instances = [];
    vi.stubGlobal('EventSource', FakeEventSource);
  });

  it('tails the log stream of a running run and closes it on the end event', async () => {
    mockApi({
      'GET /api/tunix/runs': page([item(1, { status: 'running' })]),
      [`GET /api/tunix/runs/${id(1)}`]: detail(1, { status: 'running', exit_code: null, stdout: '' }),
      [`GET /api/tunix/runs/${id(1)}/metrics`]: noMetrics(1),
    });
    const { unmount } = renderWithProviders(<RunHistory />);
    const user = await expand();
    await user.click(await screen.findByTestId(`tunix:view-detail-btn-${id(1)}`));
    const logs = await screen.findByTestId(`tunix:detail-logs-${id(1)}`);
    const source = FakeEventSource.instances[0];
    expect(source?.url).toBe(`/api/tunix/runs/${id(1)}/logs/stream`);
    act(() => {
      source?.emit('message', { seq: 2, stream: 'stdout', data: 'second\n', created_at: '' });
      source?.emit('message', { seq: 1, stream: 'stdout', data: 'first\n', created_at: '' });
      source?.emit('message', { seq: 1, stream: 'stdout', data: 'first\n', created_at: '' });
    });
    expect(logs.textContent).toBe('first\nsecond\n');
    act(() => source?.emit('end', ''));
    expect(source?.closed).toBe(true);
    unmount();
  });

  it('polls the stored log instead of opening an EventSource when an API key is set', async () => {
    // EventSource cannot send the Authorization header; GET /logs through the client can.
    sessionStorage.setItem(API_KEY_STORAGE_KEY, 'log-key');
    const api = mockApi({
      'GET /api/tunix/runs': page([item(1, { status: 'running' })]),
      [`GET /api/tunix/runs/${id(1)}`]: detail(1, { status: 'running', exit_code: null, stdout: '' }),
      [`GET /api/tunix/runs/${id(1)}/metrics`]: noMetrics(1),
      [`GET /api/tunix/runs/${id(1)}/logs`]: {
        run_id: id(1),
        chunks: [{ seq: 1, stream: 'stdout', data: 'polled line\n', created_at: '' }],
        next_offset: 1,
        done: false,
      },
    });
    renderWithKeyedClient(<RunHistory />);
    const user = await expand();
    await user.click(await screen.findByTestId(`tunix:view-detail-btn-${id(1)}`));
    const logs = await screen.findByTestId(`tunix:detail-logs-${id(1)}`);
    await waitFor(() => expect(logs).toHaveTextContent('polled line'));
    expect(FakeEventSource.instances).toHaveLength(0);
    expect(screen.getByText('Logs')).toBeInTheDocument();
    const calls = api.callsTo('GET', `/api/tunix/runs/${id(1)}/logs`);
    expect(calls[0]?.headers.get('authorization')).toBe('Bearer log-key');
  });
});
