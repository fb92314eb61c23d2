import type {
  CompareResult,
  DatasetBuildResponse,
  DatasetList,
  DatasetManifest,
  ExportFormat,
  Health,
  ManifestResponse,
  ReasoningTrace,
  RediHealth,
  Run,
  RunList,
  RunLogsPage,
  RunMetrics,
  RunStatusView,
  ScoreResult,
  TraceBatchCreated,
  TraceCreated,
  TraceDetail,
  TraceList,
  TunixStatus,
  UngarGenerateResponse,
  UngarStatus,
} from '@tunix-rt/contract';
import { type ClientOptions, Transport } from './http';
import type {
  DatasetBuildInput,
  ManifestInput,
  PageParams,
  RunInput,
  RunListParams,
  RunLogsParams,
  RunOptions,
  ScoreInput,
  SftExportInput,
  UngarExportParams,
  UngarGenerateInput,
} from './types';

const seg = encodeURIComponent;

/** Creates the typed API client (fetch only: works in browsers and Node ≥ 18). */
export function createClient(options: ClientOptions = {}) {
  const http = new Transport(options);

  const traces = {
    create: (trace: ReasoningTrace) => http.json<TraceCreated>('/api/traces', { method: 'POST', body: trace }),
    batch: (items: ReasoningTrace[]) =>
      http.json<TraceBatchCreated>('/api/traces/batch', { method: 'POST', body: items }),
    get: (id: string) => http.json<TraceDetail>(`/api/traces/${seg(id)}`),
    list: (params: PageParams = {}) => http.json<TraceList>('/api/traces', { query: { ...params } }),
    score: (id: string, input: ScoreInput = {}) =>
      http.json<ScoreResult>(`/api/traces/${seg(id)}/score`, { method: 'POST', body: input }),
    compare: (base: string, other: string) =>
      http.json<CompareResult>('/api/traces/compare', { query: { base, other } }),
  };

  const ungar = {
    status: () => http.json<UngarStatus>('/api/ungar/status'),
    generate: (input: UngarGenerateInput) =>
      http.json<UngarGenerateResponse>('/api/ungar/high-card-duel/generate', { method: 'POST', body: input }),
    /** JSONL; the body is left unread so callers can stream it. */
    export: (params: UngarExportParams = {}) =>
      http.raw('/api/ungar/high-card-duel/export.jsonl', {
        query: { limit: params.limit, trace_ids: params.trace_ids?.join(',') },
      }),
  };

  const datasets = {
    build: (input: DatasetBuildInput) =>
      http.json<DatasetBuildResponse>('/api/datasets/build', { method: 'POST', body: input }),
    list: (params: PageParams = {}) => http.json<DatasetList>('/api/datasets', { query: { ...params } }),
    get: (key: string) => http.json<DatasetManifest>(`/api/datasets/${seg(key)}`),
    /** JSONL in one of the three export shapes; the body is left unread so callers can stream it. */
    export: (key: string, format: ExportFormat = 'trace') =>
      http.raw(`/api/datasets/${seg(key)}/export.jsonl`, { query: { format } }),
  };

  const tunix = {
    status: () => http.json<TunixStatus>('/api/tunix/status'),
    /** `tunix_sft` JSONL; the body is left unread so callers can stream it. */
    sftExport: (input: SftExportInput) => http.raw('/api/tunix/sft/export', { method: 'POST', body: input }),
    manifest: (input: ManifestInput) =>
      http.json<ManifestResponse>('/api/tunix/sft/manifest', { method: 'POST', body: input }),
    /** Synchronous by default (200, finished run); `{async: true}` enqueues (202, pending run). */
    run: (input: RunInput, runOptions: RunOptions = {}) =>
      http.json<Run>('/api/tunix/run', {
        method: 'POST',
        body: input,
        query: { mode: runOptions.async ? 'async' : undefined },
      }),
  };

  const runPath = (id: string) => `/api/tunix/runs/${seg(id)}`;
  const runs = {
    list: (params: RunListParams = {}) => http.json<RunList>('/api/tunix/runs', { query: { ...params } }),
    get: (id: string) => http.json<Run>(runPath(id)),
    status: (id: string) => http.json<RunStatusView>(`${runPath(id)}/status`),
    /** 200 once stopped, 202 while still stopping; either way the small status view. */
    cancel: (id: string) => http.json<RunStatusView>(`${runPath(id)}/cancel`, { method: 'POST' }),
    /** Queues a new run with the same request; resolves to the new run. */
    retry: (id: string) => http.json<Run>(`${runPath(id)}/retry`, { method: 'POST' }),
    delete: (id: string) => http.json<void>(runPath(id), { method: 'DELETE' }),
    logs: (id: string, params: RunLogsParams = {}) =>
      http.json<RunLogsPage>(`${runPath(id)}/logs`, { query: { ...params } }),
    metrics: (id: string) => http.json<RunMetrics>(`${runPath(id)}/metrics`),
    /** URL for `new EventSource(...)`: server-sent log chunks while the run is active. */
    logsStreamUrl: (id: string) => http.url(`${runPath(id)}/logs/stream`),
    /**
     * The same server-sent event stream as an unread Response, for runtimes without
     * EventSource or when the API key must be sent (EventSource cannot set headers).
     */
    logsStream: (id: string, options: { signal?: AbortSignal } = {}) =>
      http.raw(`${runPath(id)}/logs/stream`, { headers: { accept: 'text/event-stream' }, signal: options.signal }),
  };

  return {
    health: () => http.json<Health>('/api/health'),
    rediHealth: () => http.json<RediHealth>('/api/redi/health'),
    traces,
    ungar,
    datasets,
    tunix,
    runs,
    logsStreamUrl: runs.logsStreamUrl,
  };
}

export type ApiClient = ReturnType<typeof createClient>;
