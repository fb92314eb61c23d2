import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import lightInject from 'light-my-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, EXAMPLE_TRACE, sampleTrace, type TestApp } from './harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ TRACE_MAX_BYTES: '4096', TRACE_BATCH_MAX_BYTES: '262144' });
});
afterAll(async () => t?.close());

const post = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, payload: payload as object });
const countTraces = async () =>
  Number(
    (
      await t.ctx.database.db
        .selectFrom('traces')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('POST /api/traces', () => {
  it('creates a trace and returns id, created_at, trace_version', async () => {
    const res = await post('/api/traces', EXAMPLE_TRACE);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['id', 'created_at', 'trace_version']);
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.created_at).toMatch(/Z$/);
    const fetched = await t.app.inject({ url: `/api/traces/${body.id}` });
    expect(fetched.json().payload).toEqual(EXAMPLE_TRACE);
  });

  it('drops unknown fields at both levels and stores meta as null when absent', async () => {
    const res = await post('/api/traces', {
      ...sampleTrace(),
      extra: 1,
      steps: [{ i: 0, type: 't', content: 'c', junk: true }],
    });
    expect(res.statusCode).toBe(201);
    const payload = (await t.app.inject({ url: `/api/traces/${res.json().id}` })).json().payload;
    expect(payload).toEqual({
      trace_version: '1.0',
      prompt: 'What is 2 + 2?',
      final_answer: '4',
      steps: [{ i: 0, type: 't', content: 'c' }],
      meta: null,
    });
    expect(Object.keys(payload)).toEqual(['trace_version', 'prompt', 'final_answer', 'steps', 'meta']);
  });

  it('counts string lengths in code points', async () => {
    const ok = await post('/api/traces', sampleTrace({ trace_version: '😀'.repeat(64) }));
    expect(ok.statusCode).toBe(201);
    const tooLong = await post('/api/traces', sampleTrace({ trace_version: '😀'.repeat(65) }));
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().detail[0]).toMatchObject({ type: 'string_too_long', loc: ['body', 'trace_version'] });
  });

  it.each([
    ['missing final_answer', { ...sampleTrace(), final_answer: undefined }, 'missing', ['body', 'final_answer']],
    ['empty steps', sampleTrace({ steps: [] }), 'too_short', ['body', 'steps']],
    ['empty prompt', sampleTrace({ prompt: '' }), 'string_too_short', ['body', 'prompt']],
    ['array meta', sampleTrace({ meta: [1, 2] }), 'model_type', ['body', 'meta']],
    [
      'negative step index',
      sampleTrace({ steps: [{ i: -1, type: 't', content: 'c' }] }),
      'greater_than_equal',
      ['body', 'steps', 0, 'i'],
    ],
    ['numeric prompt', sampleTrace({ prompt: 5 }), 'string_type', ['body', 'prompt']],
    [
      'string step index',
      sampleTrace({ steps: [{ i: 'x', type: 't', content: 'c' }] }),
      'int_parsing',
      ['body', 'steps', 0, 'i'],
    ],
  ])('rejects %s with 422', async (_name, payload, type, loc) => {
    const res = await post('/api/traces', payload);
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0]).toMatchObject({ type, loc });
  });

  it('rejects duplicate step indices with the pydantic value error', async () => {
    const res = await post(
      '/api/traces',
      sampleTrace({
        steps: [
          { i: 0, type: 'a', content: 'x' },
          { i: 0, type: 'b', content: 'y' },
        ],
      }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0]).toMatchObject({
      type: 'value_error',
      loc: ['body', 'steps'],
      msg: 'Value error, Step indices must be unique',
    });
  });

  it('answers malformed JSON with 422 json_invalid and the character offset', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/traces',
      headers: { 'content-type': 'application/json' },
      payload: '{"a": 1,,}',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0]).toMatchObject({ type: 'json_invalid', msg: 'JSON decode error', loc: ['body', 8] });
  });

  it('parses a body without Content-Type as JSON and rejects other types with 422', async () => {
    const none = await t.app.inject({
      method: 'POST',
      url: '/api/traces',
      payload: JSON.stringify(sampleTrace()),
      headers: { 'content-type': undefined as never },
    });
    expect(none.statusCode).toBe(201);
    const text = await t.app.inject({
      method: 'POST',
      url: '/api/traces',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify(sampleTrace()),
    });
    expect(text.statusCode).toBe(422);
    const vendor = await t.app.inject({
      method: 'POST',
      url: '/api/traces',
      headers: { 'content-type': 'application/vnd.api+json' },
      payload: JSON.stringify(sampleTrace()),
    });
    expect(vendor.statusCode).toBe(201);
  });

  it('answers 413 for an oversized body with the configured limit', async () => {
    const res = await post('/api/traces', sampleTrace({ prompt: 'x'.repeat(5000) }));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ detail: 'Payload size exceeds maximum of 4096 bytes' });
  });

  it('enforces the limit while reading a chunked body without Content-Length', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const before = await countTraces();
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: '/api/traces',
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      const body = JSON.stringify(sampleTrace({ prompt: 'y'.repeat(20_000) }));
      for (let i = 0; i < body.length; i += 1000) req.write(body.slice(i, i + 1000));
      req.end();
    });
    expect(status).toBe(413);
    expect(await countTraces()).toBe(before);
  });
});

describe('POST /api/traces/batch', () => {
  it('creates all traces in input order', async () => {
    const res = await post('/api/traces/batch', [sampleTrace({ prompt: 'a' }), sampleTrace({ prompt: 'b' })]);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.created_count).toBe(2);
    const prompts = await Promise.all(
      body.traces.map(
        async (tr: { id: string }) => (await t.app.inject({ url: `/api/traces/${tr.id}` })).json().payload.prompt,
      ),
    );
    expect(prompts).toEqual(['a', 'b']);
  });

  it('stores nothing when one element is invalid, with the index in loc', async () => {
    const before = await countTraces();
    const res = await post('/api/traces/batch', [sampleTrace(), { ...sampleTrace(), final_answer: undefined }]);
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0].loc).toEqual(['body', 1, 'final_answer']);
    const dup = await post('/api/traces/batch', [
      sampleTrace(),
      sampleTrace({
        steps: [
          { i: 1, type: 'a', content: 'x' },
          { i: 1, type: 'a', content: 'y' },
        ],
      }),
    ]);
    expect(dup.statusCode).toBe(422);
    expect(dup.json().detail[0].loc).toEqual(['body', 1, 'steps']);
    expect(await countTraces()).toBe(before);
  });

  it('answers 400 for empty and for 1001-item batches', async () => {
    const empty = await post('/api/traces/batch', []);
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toEqual({ detail: 'Batch must contain at least one trace' });
    const tiny = { trace_version: '1', prompt: 'p', final_answer: 'a', steps: [{ i: 0, type: 't', content: 'c' }] };
    const big = await post(
      '/api/traces/batch',
      Array.from({ length: 1001 }, () => tiny),
    );
    expect(big.statusCode).toBe(400);
    expect(big.json()).toEqual({ detail: 'Batch size (1001) exceeds maximum (1000)' });
  });

  it('rejects a non-array body and an oversized batch', async () => {
    expect((await post('/api/traces/batch', sampleTrace())).statusCode).toBe(422);
    const huge = await post(
      '/api/traces/batch',
      Array.from({ length: 100 }, () => sampleTrace({ prompt: 'z'.repeat(3000) })),
    );
    expect(huge.statusCode).toBe(413);
    expect(huge.json().detail).toBe('Payload size exceeds maximum of 262144 bytes');
  });
});

describe('GET /api/traces/{id}', () => {
  it('answers 422 for a bad UUID and 404 for an unknown one', async () => {
    const bad = await t.app.inject({ url: '/api/traces/not-a-uuid' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail[0]).toMatchObject({ type: 'uuid_parsing', loc: ['path', 'trace_id'] });
    const id = '3f2b6c1e-8d4a-4b7e-9c2d-1a5e6f7b8c9d';
    const missing = await t.app.inject({ url: `/api/traces/${id}` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ detail: `Trace ${id} not found` });
    expect((await t.app.inject({ url: '/api/traces/batch' })).statusCode).toBe(422);
  });

  it('answers malformed percent-encoding and oversized path parameters with a detail', async () => {
    const badEncoding = await t.app.inject({ url: '/api/traces/%E0%A4%A' });
    expect(badEncoding.statusCode).toBe(400);
    expect(badEncoding.json()).toEqual({ detail: 'Malformed URL: invalid percent-encoding' });
    const long = await t.app.inject({ url: `/api/traces/${'a'.repeat(120_000)}` });
    expect(long.statusCode).toBe(414);
    expect(long.json()).toEqual({ detail: 'A path parameter is too long' });
  });
});

describe('GET /api/traces pagination', () => {
  it('follows the next_offset rule over 25 rows', async () => {
    const fresh = await createTestApp();
    try {
      const rows = Array.from({ length: 25 }, (_, k) => sampleTrace({ prompt: `p${k}` }));
      for (const row of rows) await fresh.app.inject({ method: 'POST', url: '/api/traces', payload: row });
      const page = async (q: string) => (await fresh.app.inject({ url: `/api/traces?${q}` })).json();
      const p0 = await page('limit=10&offset=0');
      expect(p0.pagination).toEqual({ limit: 10, offset: 0, next_offset: 10 });
      expect(p0.data[0]).not.toHaveProperty('payload');
      expect((await page('limit=10&offset=10')).pagination.next_offset).toBe(20);
      const last = await page('limit=10&offset=20');
      expect(last.data).toHaveLength(5);
      expect(last.pagination.next_offset).toBeNull();
      expect((await page('offset=500')).data).toEqual([]);
      const ids = [...p0.data, ...(await page('limit=10&offset=10')).data, ...last.data].map(
        (r: { id: string }) => r.id,
      );
      expect(new Set(ids).size).toBe(25);
      const defaults = await page('');
      expect(defaults.pagination).toEqual({ limit: 20, offset: 0, next_offset: 20 });
    } finally {
      await fresh.close();
    }
  });

  it.each([
    ['limit=0', 'limit must be between 1 and 100'],
    ['limit=101', 'limit must be between 1 and 100'],
    ['limit=0&offset=-1', 'limit must be between 1 and 100'],
    ['offset=-1', 'offset must be non-negative'],
  ])('rejects %s with a string detail', async (q, detail) => {
    const res = await t.app.inject({ url: `/api/traces?${q}` });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({ detail });
  });

  it('rejects non-integer limit with the array envelope', async () => {
    const res = await t.app.inject({ url: '/api/traces?limit=abc' });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0]).toMatchObject({ type: 'int_parsing', loc: ['query', 'limit'] });
  });
});

describe('scoring and compare', () => {
  it('scores the FORMATS.md worked example at 28.06 and stores the score', async () => {
    const id = (await post('/api/traces', EXAMPLE_TRACE)).json().id;
    const res = await post(`/api/traces/${id}/score`, {});
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.score).toBe(28.06);
    expect(body.details).toMatchObject({
      step_count: 5,
      avg_step_length: 30.6,
      total_chars: 153,
      step_score: 25,
      length_score: 3.06,
      criteria: 'baseline',
    });
    const stored = await t.ctx.database.db.selectFrom('scores').selectAll().where('trace_id', '=', id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.score).toBe(28.06);
  });

  it('validates score requests', async () => {
    const id = (await post('/api/traces', sampleTrace())).json().id;
    const noBody = await t.app.inject({ method: 'POST', url: `/api/traces/${id}/score` });
    expect(noBody.statusCode).toBe(422);
    expect(noBody.json().detail[0]).toMatchObject({ type: 'missing', loc: ['body'] });
    const badCriteria = await post(`/api/traces/${id}/score`, { criteria: 'other' });
    expect(badCriteria.statusCode).toBe(422);
    expect(badCriteria.json().detail[0].type).toBe('literal_error');
    const unknown = await post('/api/traces/3f2b6c1e-8d4a-4b7e-9c2d-1a5e6f7b8c9d/score', {});
    expect(unknown.statusCode).toBe(404);
  });

  it('compares two traces with on-the-fly scores', async () => {
    const simple = (await post('/api/traces', sampleTrace())).json().id;
    const complex = (
      await post(
        '/api/traces',
        sampleTrace({ steps: [83, 59, 62, 81].map((n, i) => ({ i, type: 's', content: 'x'.repeat(n) })) }),
      )
    ).json().id;
    const res = await t.app.inject({ url: `/api/traces/compare?base=${simple}&other=${complex}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.base.score).toBe(6.1);
    expect(body.other.score).toBe(27.12);
    expect(Object.keys(body.base)).toEqual(['id', 'created_at', 'score', 'trace_version', 'payload']);
    const missingBase = '3f2b6c1e-8d4a-4b7e-9c2d-1a5e6f7b8c9d';
    const r404 = await t.app.inject({ url: `/api/traces/compare?base=${missingBase}&other=${simple}` });
    expect(r404.json()).toEqual({ detail: `Base trace ${missingBase} not found` });
    const other404 = await t.app.inject({ url: `/api/traces/compare?base=${simple}&other=${missingBase}` });
    expect(other404.json()).toEqual({ detail: `Other trace ${missingBase} not found` });
    expect((await t.app.inject({ url: `/api/traces/compare?base=${simple}` })).json().detail[0]).toMatchObject({
      type: 'missing',
      loc: ['query', 'other'],
    });
  });
});

describe('health and routing', () => {
  it('answers health, unknown routes and wrong methods', async () => {
    expect((await t.app.inject({ url: '/api/health' })).json()).toEqual({ status: 'healthy', database: 'up' });
    expect((await t.app.inject({ url: '/api/redi/health' })).json()).toEqual({ status: 'healthy' });
    expect((await t.app.inject({ url: '/api/nope' })).json()).toEqual({ detail: 'Not Found' });
    const wrong = await t.app.inject({ method: 'DELETE', url: '/api/traces' });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.json()).toEqual({ detail: 'Method Not Allowed' });
  });

  it('serves the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    expect(doc.info.title).toBe('Tunix RT Backend');
    expect(doc.paths).toHaveProperty('/api/traces');
  });

  it('allows only the configured CORS origins', async () => {
    const ok = await t.app.inject({ url: '/api/health', headers: { origin: 'http://localhost:5173' } });
    expect(ok.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const no = await t.app.inject({ url: '/api/health', headers: { origin: 'http://evil.example' } });
    expect(no.headers['access-control-allow-origin']).toBeUndefined();
    // A preflight without Access-Control-Request-Method is not a bare-text 400.
    const loose = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/traces',
      headers: { origin: 'http://localhost:5173' },
    });
    expect(loose.statusCode).toBeLessThan(300);
  });

  it('refuses requests that arrive while the server closes with a 503 detail', async () => {
    const other = await createTestApp();
    const db = other.ctx.database;
    await other.app.ready();
    const closed = other.app.close();
    await new Promise((resolve) => setImmediate(resolve)); // preClose hooks have run
    // app.inject refuses once close() began; dispatch straight to the router, as the HTTP server
    // does for a request on a kept-alive connection.
    const late = await lightInject(other.app.routing, { url: '/api/health' });
    await closed;
    await db.close();
    expect(late.statusCode).toBe(503);
    expect(late.headers.connection).toBe('close');
    expect(late.json()).toEqual({ detail: 'The server is shutting down; retry the request' });
  });
});
