import fc from 'fast-check';
import {
  anyString,
  brokenJsonText,
  contentType,
  deepJsonText,
  hostileJson,
  mutatedTrace,
  mutateObject,
  nastyString,
  oddNumber,
  oddNumberText,
  uuidLike,
  validTrace,
} from './arbitraries';

/** One generated HTTP request. `body` is the raw text sent (so broken JSON can be sent too). */
export interface FuzzRequest {
  method: string;
  url: string;
  body?: string;
  contentType?: string | undefined;
}

/** Which tables a successful request may grow, given its response; reads grow nothing. */
export type Deltas = Partial<Record<Table, number | 'any'>>;
export const TABLES = ['traces', 'scores', 'datasets', 'dataset_traces', 'tunix_runs'] as const;
export type Table = (typeof TABLES)[number];

export interface Endpoint {
  name: string;
  request: fc.Arbitrary<FuzzRequest>;
  /** Row-count changes allowed when the request succeeds (2xx); anything not listed must stay equal. */
  onSuccess?: (status: number, body: unknown, request: FuzzRequest) => Deltas;
  /** 5xx statuses the contract itself prescribes (e.g. 501 for a local run without Tunix). */
  contract5xx?: number[];
  /** Files the request may add under <dataDir>/datasets when it succeeds. */
  writesFiles?: boolean;
}

/** Ids of rows that exist, so path/query ids hit real rows as well as missing ones. */
export interface Known {
  traceIds: string[];
  datasetKeys: string[];
  runIds: string[];
}

/** Mostly the valid value, sometimes a hostile one: most cases should pass validation but one field. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<U>): fc.Arbitrary<T | U> =>
  fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: hostile });

let unique = 0;
/** Dataset names must differ between cases or every build after the first is a 409. */
const freshName = fc.constant(null).map(() => `fz${process.pid}x${unique++}`);

const json = (value: unknown) => {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return 'null';
  }
};

/** A body: mostly JSON of the given values, sometimes no JSON at all, too deep, or mislabelled. */
function bodyOf(values: fc.Arbitrary<unknown>): fc.Arbitrary<{ body: string; contentType: string | undefined }> {
  return fc.oneof(
    {
      weight: 12,
      arbitrary: fc
        .tuple(values, fc.constantFrom('application/json', undefined, 'application/json; charset=utf-8'))
        .map(([v, ct]) => ({ body: json(v), contentType: ct })),
    },
    { weight: 2, arbitrary: fc.tuple(values, contentType).map(([v, ct]) => ({ body: json(v), contentType: ct })) },
    { weight: 2, arbitrary: hostileJson.map((v) => ({ body: json(v), contentType: 'application/json' })) },
    { weight: 2, arbitrary: brokenJsonText.map((b) => ({ body: b, contentType: 'application/json' })) },
    { weight: 1, arbitrary: deepJsonText.map((b) => ({ body: b, contentType: 'application/json' })) },
    { weight: 1, arbitrary: fc.constant({ body: '', contentType: 'application/json' }) },
  );
}

/** A query value: usually odd text, encoded; sometimes raw bytes that are not valid percent-encoding. */
const queryValue = fc.oneof(
  { weight: 3, arbitrary: oddNumberText.map(encodeURIComponent) },
  { weight: 3, arbitrary: anyString.map((s) => encodeURIComponent(safeForUri(s))) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%ZZ', '%00', '%C0%AE', '%ED%A0%80', '%E0%A4%A', '+', '&&', '=', '#') },
);

/** encodeURIComponent throws on lone surrogates; send their replacement then. */
function safeForUri(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

function query(params: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const entries = Object.entries(params).map(([name, value]) =>
    fc.option(
      fc.oneof(
        { weight: 5, arbitrary: value.map((v) => `${name}=${v}`) },
        { weight: 2, arbitrary: queryValue.map((v) => `${name}=${v}`) },
        { weight: 1, arbitrary: fc.tuple(value, queryValue).map(([a, b]) => `${name}=${a}&${name}=${b}`) },
        { weight: 1, arbitrary: fc.constant(name) },
      ),
      { nil: undefined, freq: 3 },
    ),
  );
  return fc
    .tuple(fc.tuple(...entries), fc.option(fc.tuple(nastyString, queryValue), { freq: 5 }))
    .map(([parts, junk]) => {
      const all = parts.filter((p): p is string => p !== undefined);
      if (junk) all.push(`${encodeURIComponent(safeForUri(junk[0]))}=${junk[1]}`);
      return all.length ? `?${all.join('&')}` : '';
    });
}

/** A path segment: a known id, a random one, or something hostile. */
function segment(known: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: known.length ? fc.constantFrom(...known) : fc.uuid() },
    { weight: 3, arbitrary: uuidLike.map((s) => encodeURIComponent(safeForUri(s))) },
    { weight: 1, arbitrary: fc.constantFrom('..', '.', '%2e%2e', '..%2f..%2fetc', '%00', '%ZZ', 'a%2Fb', '%20') },
  );
}

const pageNumber = (max: number) =>
  mostly(fc.integer({ min: 0, max }).map(String), oddNumberText.map(encodeURIComponent));
const pageQuery = query({ limit: pageNumber(100), offset: pageNumber(50) });

function post(
  name: string,
  url: fc.Arbitrary<string>,
  values: fc.Arbitrary<unknown>,
  more: Omit<Endpoint, 'name' | 'request'> = {},
): Endpoint {
  return {
    name,
    request: fc.tuple(url, bodyOf(values)).map(([u, b]) => ({ method: 'POST', url: u, ...b })),
    ...more,
  };
}

const get = (name: string, url: fc.Arbitrary<string>): Endpoint => ({
  name,
  request: url.map((u) => ({ method: 'GET', url: u })),
});

export function endpoints(known: Known): Endpoint[] {
  const traceId = segment(known.traceIds);
  const datasetKey = segment(known.datasetKeys);
  const runId = segment(known.runIds);
  const traceIdValue = mostly(
    known.traceIds.length ? fc.constantFrom(...known.traceIds) : fc.uuid(),
    uuidLike.map((s) => encodeURIComponent(safeForUri(s))),
  );
  const datasetKeyValue = mostly(
    known.datasetKeys.length ? fc.constantFrom(...known.datasetKeys) : fc.constant('none'),
    anyString,
  );
  const hyper = {
    learning_rate: mostly(fc.constant(2e-5), oddNumber),
    num_epochs: mostly(fc.constant(1), oddNumber),
    batch_size: mostly(fc.constant(8), oddNumber),
    max_seq_length: mostly(fc.constant(2048), oddNumber),
  };

  const datasetBuild = fc
    .record(
      {
        dataset_name: freshName,
        dataset_version: mostly(fc.constant('v1'), anyString),
        filters: fc.oneof(fc.constant({}), fc.constant({ source: 'ungar' }), hostileJson),
        limit: mostly(fc.constant(5), oddNumber),
        selection_strategy: mostly(fc.constantFrom('latest', 'random'), anyString),
        seed: fc.oneof({ weight: 4, arbitrary: fc.constant(42) }, fc.constant(null), oddNumber),
        session_id: mostly(fc.constant(null), anyString),
        parent_dataset_id: mostly(fc.constant(null), anyString),
        training_run_id: mostly(fc.constant(null), anyString),
      },
      { requiredKeys: ['dataset_name', 'dataset_version'] },
    )
    .chain((valid) => fc.oneof(fc.constant(valid as unknown), mutateObject(valid)));

  const runRequest = fc
    .record(
      {
        dataset_key: datasetKeyValue,
        model_id: mostly(fc.constant('google/gemma-2b-it'), anyString),
        output_dir: mostly(fc.constant(null), anyString),
        dry_run: fc.oneof(fc.constant(true), fc.constant(true), fc.constant(false), hostileJson),
        ...hyper,
        max_retries: mostly(fc.constant(0), oddNumber),
      },
      { requiredKeys: ['dataset_key', 'model_id'] },
    )
    .chain((valid) => fc.oneof(fc.constant(valid as unknown), mutateObject(valid)));

  return [
    get('GET /api/health', fc.constant('/api/health')),
    get(
      'GET /api/redi/health',
      query({ x: anyString }).map((q) => `/api/redi/health${q}`),
    ),
    post(
      'POST /api/traces',
      fc.constant('/api/traces'),
      fc.oneof(validTrace, mutatedTrace, mutatedTrace, hostileJson),
      {
        onSuccess: () => ({ traces: 1 }),
      },
    ),
    post(
      'POST /api/traces/batch',
      fc.constant('/api/traces/batch'),
      fc.oneof(
        fc.array(validTrace, { minLength: 1, maxLength: 4 }),
        fc
          .tuple(fc.array(validTrace, { minLength: 0, maxLength: 3 }), mutatedTrace, fc.nat(3))
          .map(([ok, bad, at]) => [...ok.slice(0, at), bad, ...ok.slice(at)]),
        fc.constant([]),
        validTrace.map((t) => Array.from({ length: 1001 }, () => t)),
        validTrace.map((t) => t as unknown),
        hostileJson,
      ),
      { onSuccess: (_s, body) => ({ traces: (body as { created_count: number }).created_count }) },
    ),
    get(
      'GET /api/traces/compare',
      query({ base: traceIdValue, other: traceIdValue }).map((q) => `/api/traces/compare${q}`),
    ),
    get(
      'GET /api/traces/{id}',
      traceId.map((id) => `/api/traces/${id}`),
    ),
    get(
      'GET /api/traces',
      pageQuery.map((q) => `/api/traces${q}`),
    ),
    post(
      'POST /api/traces/{id}/score',
      traceId.map((id) => `/api/traces/${id}/score`),
      fc.oneof(fc.constant({}), fc.constant({ criteria: 'baseline' }), fc.record({ criteria: anyString }), hostileJson),
      { onSuccess: () => ({ scores: 1 }) },
    ),
    get('GET /api/ungar/status', fc.constant('/api/ungar/status')),
    post(
      'POST /api/ungar/high-card-duel/generate',
      fc.constant('/api/ungar/high-card-duel/generate'),
      fc
        .record({
          count: mostly(fc.integer({ min: 1, max: 3 }), oddNumber),
          seed: fc.oneof(fc.constant(null), fc.nat(), oddNumber),
          persist: fc.oneof(fc.boolean(), hostileJson),
        })
        .chain((valid) => fc.oneof(fc.constant(valid as unknown), mutateObject(valid))),
      {
        onSuccess: (_s, body, req) => ({
          traces:
            JSON.parse(req.body ?? '{}').persist === false ? 0 : (body as { trace_ids: unknown[] }).trace_ids.length,
        }),
      },
    ),
    get(
      'GET /api/ungar/high-card-duel/export.jsonl',
      query({
        limit: pageNumber(100),
        trace_ids: fc
          .tuple(fc.array(traceIdValue, { maxLength: 5 }), fc.constantFrom(',', '%2C%20', ',,'))
          .map(([ids, sep]) => ids.join(sep)),
      }).map((q) => `/api/ungar/high-card-duel/export.jsonl${q}`),
    ),
    post('POST /api/datasets/build', fc.constant('/api/datasets/build'), datasetBuild, {
      onSuccess: (_s, body) => ({ datasets: 1, dataset_traces: (body as { trace_count: number }).trace_count }),
      writesFiles: true,
    }),
    get(
      'GET /api/datasets/{key}/export.jsonl',
      fc
        .tuple(
          datasetKey,
          query({ format: fc.oneof(fc.constantFrom('trace', 'tunix_sft', 'training_example'), queryValue) }),
        )
        .map(([key, q]) => `/api/datasets/${key}/export.jsonl${q}`),
    ),
    get(
      'GET /api/datasets',
      pageQuery.map((q) => `/api/datasets${q}`),
    ),
    get(
      'GET /api/datasets/{key}',
      datasetKey.map((key) => `/api/datasets/${key}`),
    ),
    get('GET /api/tunix/status', fc.constant('/api/tunix/status')),
    post(
      'POST /api/tunix/sft/export',
      fc.constant('/api/tunix/sft/export'),
      fc
        .record(
          {
            dataset_key: fc.oneof(fc.constant(null), datasetKeyValue),
            trace_ids: fc.oneof(fc.constant(null), fc.array(traceIdValue, { maxLength: 5 }), hostileJson),
            limit: mostly(fc.constant(10), oddNumber),
          },
          { requiredKeys: [] },
        )
        .chain((valid) => fc.oneof(fc.constant(valid as unknown), mutateObject(valid, ['dataset_key', 'trace_ids']))),
    ),
    post(
      'POST /api/tunix/sft/manifest',
      fc.constant('/api/tunix/sft/manifest'),
      fc
        .record({
          dataset_key: datasetKeyValue,
          model_id: mostly(fc.constant('google/gemma-2b-it'), anyString),
          output_dir: mostly(fc.constant('./out'), anyString),
          ...hyper,
        })
        .chain((valid) => fc.oneof(fc.constant(valid as unknown), mutateObject(valid))),
    ),
    post(
      'POST /api/tunix/run',
      fc
        .option(fc.oneof(fc.constantFrom('sync', 'async'), queryValue), { freq: 2 })
        .map((mode) => `/api/tunix/run${mode === null ? '' : `?mode=${mode}`}`),
      runRequest,
      { onSuccess: () => ({ tunix_runs: 1 }), contract5xx: [501] },
    ),
    get(
      'GET /api/tunix/runs',
      query({
        limit: pageNumber(100),
        offset: pageNumber(50),
        status: fc.oneof(fc.constantFrom('completed', 'failed', 'running', 'pending', ''), queryValue),
        mode: fc.oneof(fc.constantFrom('dry-run', 'local', ''), queryValue),
        dataset_key: fc.oneof(
          datasetKeyValue.map((s) => encodeURIComponent(safeForUri(s))),
          queryValue,
        ),
      }).map((q) => `/api/tunix/runs${q}`),
    ),
    get(
      'GET /api/tunix/runs/{id}[/status|/logs|/metrics]',
      fc
        .tuple(
          runId,
          fc.constantFrom('', '/status', '/logs', '/metrics'),
          query({ offset: pageNumber(50), limit: pageNumber(1000) }),
        )
        .map(([id, sub, q]) => `/api/tunix/runs/${id}${sub}${q}`),
    ),
    post(
      'POST /api/tunix/runs/{id}/cancel|retry',
      fc.tuple(runId, fc.constantFrom('cancel', 'retry')).map(([id, action]) => `/api/tunix/runs/${id}/${action}`),
      mostly(fc.constant({}), hostileJson),
      { onSuccess: () => ({ tunix_runs: 'any' }), contract5xx: [501] },
    ),
    {
      name: 'DELETE /api/tunix/runs/{id}',
      request: runId.map((id) => ({ method: 'DELETE', url: `/api/tunix/runs/${id}` })),
      onSuccess: () => ({ tunix_runs: 'any' }),
    },
    // Only unknown or malformed ids: the stream of a live run stays open by design.
    get(
      'GET /api/tunix/runs/{id}/logs/stream',
      fc
        .tuple(segment([]), query({ offset: pageNumber(10) }))
        .map(([id, q]) => `/api/tunix/runs/${id}/logs/stream${q}`),
    ),
    get(
      'GET /metrics',
      query({ name: anyString.map((s) => encodeURIComponent(safeForUri(s))) }).map((q) => `/metrics${q}`),
    ),
    {
      name: 'any method, any path',
      request: fc
        .tuple(
          fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
          fc.oneof(
            fc.constantFrom(
              '/api/traces',
              '/api/traces/batch',
              '/api/datasets/build',
              '/api/tunix/run',
              '/api/tunix/runs',
              '/api/health',
              '/api/../etc/passwd',
              '/api/%2e%2e/%2e%2e/etc/passwd',
              '/api/traces/..%2f..%2f',
              '//api//traces',
              '/api/traces/',
              '/api/traces?',
              '/metrics',
              '/docs',
              '/openapi.json',
              '/',
              '/favicon.ico',
              '/api',
              '/api/',
            ),
            fc
              .array(
                fc.oneof(
                  anyString.map((s) => encodeURIComponent(safeForUri(s))),
                  fc.constantFrom('..', '.', 'api'),
                ),
                { minLength: 1, maxLength: 4 },
              )
              .map((parts) => `/api/${parts.join('/')}`),
          ),
          bodyOf(hostileJson),
        )
        .map(([method, url, b]) => ({ method, url, ...(method === 'GET' || method === 'HEAD' ? {} : b) })),
    },
  ];
}
