import { describe, expect, it } from 'vitest';
import { ApiError, createClient } from '../src/index';
import { fakeFetch, json } from './fake-fetch';

const RUN_ID = '3f2b6c1e-8d4a-4b7e-9c2d-1a5e6f7b8c9d';
const TRACE = {
  trace_version: '1.0',
  prompt: 'p',
  final_answer: 'a',
  steps: [{ i: 0, type: 't', content: 'c' }],
};

describe('createClient: requests', () => {
  it('uses relative URLs by default and parses JSON', async () => {
    const { fetch, calls } = fakeFetch(json({ status: 'healthy' }));
    const client = createClient({ fetch });
    await expect(client.health()).resolves.toEqual({ status: 'healthy' });
    expect(calls[0]).toMatchObject({ url: '/api/health', method: 'GET' });
  });

  it('prefixes baseUrl without a doubled slash and sends the bearer key', async () => {
    const { fetch, calls } = fakeFetch(json({ status: 'healthy' }));
    await createClient({ baseUrl: 'http://127.0.0.1:8000/', apiKey: 'k1', fetch }).rediHealth();
    expect(calls[0]?.url).toBe('http://127.0.0.1:8000/api/redi/health');
    expect(calls[0]?.headers.authorization).toBe('Bearer k1');
  });

  it('sends no authorization header without a key', async () => {
    const { fetch, calls } = fakeFetch(json({}));
    await createClient({ fetch }).health();
    expect(calls[0]?.headers.authorization).toBeUndefined();
  });

  it('POSTs JSON bodies with a content type', async () => {
    const { fetch, calls } = fakeFetch(json({ id: 'x', created_at: 't', trace_version: '1.0' }, 201));
    const created = await createClient({ fetch }).traces.create(TRACE);
    expect(created.id).toBe('x');
    expect(calls[0]).toMatchObject({ url: '/api/traces', method: 'POST', body: TRACE });
    expect(calls[0]?.headers['content-type']).toBe('application/json');
  });

  it('maps every trace endpoint', async () => {
    const { fetch, calls } = fakeFetch();
    const c = createClient({ fetch });
    await c.traces.batch([TRACE]);
    await c.traces.get('a b');
    await c.traces.list({ limit: 10, offset: 0 });
    await c.traces.list();
    await c.traces.score('id1');
    await c.traces.compare('b1', 'o1');
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      'POST /api/traces/batch',
      'GET /api/traces/a%20b',
      'GET /api/traces?limit=10&offset=0',
      'GET /api/traces',
      'POST /api/traces/id1/score',
      'GET /api/traces/compare?base=b1&other=o1',
    ]);
    expect(calls[4]?.body).toEqual({});
  });

  it('maps UNGAR endpoints, joining export trace ids', async () => {
    const { fetch, calls } = fakeFetch();
    const c = createClient({ fetch });
    await c.ungar.status();
    await c.ungar.generate({ count: 2, seed: 42 });
    await c.ungar.export({ limit: 5, trace_ids: ['a', 'b'] });
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      'GET /api/ungar/status',
      'POST /api/ungar/high-card-duel/generate',
      'GET /api/ungar/high-card-duel/export.jsonl?limit=5&trace_ids=a%2Cb',
    ]);
    expect(calls[1]?.body).toEqual({ count: 2, seed: 42 });
  });

  it('maps dataset endpoints; export returns the unread Response', async () => {
    const { fetch, calls } = fakeFetch(
      json({ dataset_key: 'd-v1' }, 201),
      json({ data: [], pagination: { limit: 20, offset: 0, next_offset: null } }),
      json({ dataset_key: 'd-v1' }),
      new Response('{"id":1}\n{"id":2}\n', { status: 200, headers: { 'content-type': 'application/x-ndjson' } }),
    );
    const c = createClient({ fetch });
    await c.datasets.build({ dataset_name: 'd', dataset_version: 'v1' });
    await c.datasets.list({ limit: 50 });
    await c.datasets.get('d-v1');
    const response = await c.datasets.export('d-v1', 'tunix_sft');
    expect(await response.text()).toBe('{"id":1}\n{"id":2}\n');
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      'POST /api/datasets/build',
      'GET /api/datasets?limit=50',
      'GET /api/datasets/d-v1',
      'GET /api/datasets/d-v1/export.jsonl?format=tunix_sft',
    ]);
  });

  it('defaults the dataset export format to trace', async () => {
    const { fetch, calls } = fakeFetch(new Response(''));
    await createClient({ fetch }).datasets.export('k');
    expect(calls[0]?.url).toBe('/api/datasets/k/export.jsonl?format=trace');
  });

  it('maps Tunix endpoints; run adds ?mode=async only when asked', async () => {
    const { fetch, calls } = fakeFetch();
    const c = createClient({ fetch });
    const request = { dataset_key: 'd-v1', model_id: 'm' };
    await c.tunix.status();
    await c.tunix.sftExport({ dataset_key: 'd-v1' });
    await c.tunix.manifest({ ...request, output_dir: './o' });
    await c.tunix.run(request);
    await c.tunix.run(request, { async: true });
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      'GET /api/tunix/status',
      'POST /api/tunix/sft/export',
      'POST /api/tunix/sft/manifest',
      'POST /api/tunix/run',
      'POST /api/tunix/run?mode=async',
    ]);
    expect(calls[4]?.body).toEqual(request);
  });

  it('maps run registry endpoints and drops empty filters', async () => {
    const { fetch, calls } = fakeFetch(
      json({}),
      json({}),
      json({}),
      json({}),
      json({}),
      new Response(null, { status: 204 }),
      json({}),
      json({}),
    );
    const c = createClient({ fetch });
    await c.runs.list({ limit: 20, offset: 0, status: 'running', mode: '', dataset_key: '' });
    await c.runs.get(RUN_ID);
    await c.runs.status(RUN_ID);
    await c.runs.cancel(RUN_ID);
    await c.runs.retry(RUN_ID);
    await expect(c.runs.delete(RUN_ID)).resolves.toBeUndefined();
    await c.runs.logs(RUN_ID, { offset: 3 });
    await c.runs.metrics(RUN_ID);
    const base = `/api/tunix/runs/${RUN_ID}`;
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      'GET /api/tunix/runs?limit=20&offset=0&status=running',
      `GET ${base}`,
      `GET ${base}/status`,
      `POST ${base}/cancel`,
      `POST ${base}/retry`,
      `DELETE ${base}`,
      `GET ${base}/logs?offset=3`,
      `GET ${base}/metrics`,
    ]);
    expect(calls[3]?.body).toBeUndefined();
  });

  it('builds the log stream URL with the base URL', () => {
    const c = createClient({ baseUrl: 'http://h:1', fetch: fakeFetch().fetch });
    expect(c.logsStreamUrl(RUN_ID)).toBe(`http://h:1/api/tunix/runs/${RUN_ID}/logs/stream`);
    expect(c.runs.logsStreamUrl('x')).toBe('http://h:1/api/tunix/runs/x/logs/stream');
  });

  it('opens the log stream with the bearer key and leaves the body unread', async () => {
    const sse = 'event: end\ndata: {"status":"completed"}\n\n';
    const { fetch, calls } = fakeFetch(new Response(sse, { headers: { 'content-type': 'text/event-stream' } }));
    const response = await createClient({ baseUrl: 'http://h:1', apiKey: 'k1', fetch }).runs.logsStream(RUN_ID);
    expect(calls[0]).toMatchObject({ url: `http://h:1/api/tunix/runs/${RUN_ID}/logs/stream`, method: 'GET' });
    expect(calls[0]?.headers).toMatchObject({ accept: 'text/event-stream', authorization: 'Bearer k1' });
    expect(await response.text()).toBe(sse);
  });

  it('looks up the global fetch at call time', async () => {
    const original = globalThis.fetch;
    const c = createClient();
    globalThis.fetch = (async () => json({ status: 'late' })) as typeof fetch;
    try {
      await expect(c.health()).resolves.toEqual({ status: 'late' });
    } finally {
      globalThis.fetch = original;
    }
  });
});

describe('createClient: errors', () => {
  it('throws ApiError with a string detail', async () => {
    const { fetch } = fakeFetch(json({ detail: `Trace ${RUN_ID} not found` }, 404, 'Not Found'));
    const error = await createClient({ fetch })
      .traces.get(RUN_ID)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, statusText: 'Not Found', message: `Trace ${RUN_ID} not found` });
  });

  it('joins the msgs of a 422 validation array', async () => {
    const detail = [
      { type: 'missing', loc: ['body', 'prompt'], msg: 'Field required' },
      { type: 'value_error', loc: ['body', 'steps'], msg: 'Value error, Step indices must be unique' },
    ];
    const { fetch } = fakeFetch(json({ detail }, 422, 'Unprocessable Entity'));
    const error = (await createClient({ fetch })
      .traces.create(TRACE)
      .catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(422);
    expect(error.detail).toEqual(detail);
    expect(error.validationErrors).toHaveLength(2);
    expect(error.message).toBe('Field required; Value error, Step indices must be unique');
  });

  it('uses a plain-text body as the detail', async () => {
    const { fetch } = fakeFetch(new Response('Internal Server Error', { status: 500 }));
    const error = (await createClient({ fetch })
      .health()
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ status: 500, detail: 'Internal Server Error', message: 'Internal Server Error' });
  });

  it('falls back to the status line for an empty body', async () => {
    const { fetch } = fakeFetch(new Response('', { status: 502, statusText: 'Bad Gateway' }));
    const error = (await createClient({ fetch })
      .health()
      .catch((e: unknown) => e)) as ApiError;
    expect(error.message).toBe('Bad Gateway');
    const { fetch: fetch2 } = fakeFetch(new Response('', { status: 503 }));
    const error2 = (await createClient({ fetch: fetch2 })
      .health()
      .catch((e: unknown) => e)) as ApiError;
    expect(error2.message).toBe('HTTP 503');
  });

  it('rejects the streamed export with ApiError before the body is used', async () => {
    const { fetch } = fakeFetch(json({ detail: 'Dataset not found: nope' }, 404));
    await expect(createClient({ fetch }).datasets.export('nope')).rejects.toMatchObject({
      status: 404,
      message: 'Dataset not found: nope',
    });
  });

  it('lets network failures through unchanged (not an ApiError)', async () => {
    const { fetch } = fakeFetch(new TypeError('Failed to fetch'));
    const error = await createClient({ fetch })
      .health()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(ApiError);
  });
});
