import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Deltas, type Endpoint, endpoints, type FuzzRequest, type Known, TABLES } from './fuzz/endpoints';
import { createTestApp, sampleTrace, type TestApp } from './harness';

/**
 * Property-based fuzzing of every endpoint (RELIABILITY.md §1): hostile requests never get a
 * 5xx, an error always leaves as a JSON `{detail}`, a rejected request writes nothing (row
 * counts and the datasets directory are compared before/after), and the server stays healthy.
 * FUZZ_RUNS is the total number of cases over all endpoints (CI default 300; a full run
 * uses 10000+). FUZZ_SEED replays a run; FUZZ_REPORT writes per-endpoint figures as JSON.
 */
const TOTAL_RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

let t: TestApp;
let dataDir: string;
const known: Known = { traceIds: [], datasetKeys: [], runIds: [] };
const report = new Map<string, { cases: number; statuses: Record<number, number>; rejectedChecked: number }>();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tunix-fuzz-'));
  // A trainer that cannot exist: a fuzzed dry_run:false must never start a real process.
  t = await createTestApp({ TUNIX_DATA_DIR: dataDir, TUNIX_CLI: join(dataDir, 'no-such-tunix'), LOG_LEVEL: 'silent' });
  const batch = await inject({
    method: 'POST',
    url: '/api/traces/batch',
    body: JSON.stringify([sampleTrace(), sampleTrace({ meta: { source: 'ungar', k: [1] } }), sampleTrace()]),
    contentType: 'application/json',
  });
  known.traceIds.push(...(batch.json() as { traces: { id: string }[] }).traces.map((x) => x.id));
  await inject({ method: 'POST', url: '/api/ungar/high-card-duel/generate', body: '{"count":3,"seed":1}' });
  const built = await inject({
    method: 'POST',
    url: '/api/datasets/build',
    body: JSON.stringify({ dataset_name: 'fuzz-seed', dataset_version: 'v1', limit: 5 }),
  });
  known.datasetKeys.push((built.json() as { dataset_key: string }).dataset_key);
  const run = await inject({
    method: 'POST',
    url: '/api/tunix/run',
    body: JSON.stringify({ dataset_key: known.datasetKeys[0], model_id: 'm', dry_run: true }),
  });
  if (run.statusCode < 300) known.runIds.push((run.json() as { run_id: string }).run_id);
});

afterAll(async () => {
  await t?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  const rows = [...report].map(([name, r]) => ({ name, ...r }));
  const total = rows.reduce((n, r) => n + r.cases, 0);
  console.log(
    `fuzz: ${total} cases over ${rows.length} endpoints\n${rows
      .map((r) => `  ${r.name}: ${r.cases} cases, statuses ${JSON.stringify(r.statuses)}`)
      .join('\n')}`,
  );
  if (process.env.FUZZ_REPORT) {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(process.env.FUZZ_REPORT, JSON.stringify({ total, seed: SEED ?? null, endpoints: rows }, null, 2));
  }
});

function inject(req: FuzzRequest) {
  return t.app.inject({
    method: req.method as 'GET',
    url: req.url,
    ...(req.body !== undefined ? { payload: req.body } : {}),
    headers: req.contentType === undefined ? {} : { 'content-type': req.contentType },
  });
}

async function snapshot(): Promise<Record<string, number>> {
  const counts = TABLES.map((table) => sql<number>`(SELECT count(*)::int FROM ${sql.table(table)})`.as(table));
  const row = (await t.ctx.database.db.selectNoFrom(counts).executeTakeFirstOrThrow()) as Record<string, number>;
  const files = await readdir(join(dataDir, 'datasets')).catch(() => []);
  return { ...row, files: files.length };
}

function allowedDelta(
  endpoint: Endpoint,
  status: number,
  body: unknown,
  req: FuzzRequest,
): Deltas & { files?: number } {
  if (status < 200 || status >= 300 || !endpoint.onSuccess) return {};
  return { ...endpoint.onSuccess(status, body, req), ...(endpoint.writesFiles ? { files: 1 } : {}) };
}

function parseBody(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    return undefined;
  }
}

async function check(endpoint: Endpoint, req: FuzzRequest): Promise<void> {
  const before = await snapshot();
  const res = await inject(req);
  const after = await snapshot();
  const stats = report.get(endpoint.name) ?? { cases: 0, statuses: {}, rejectedChecked: 0 };
  stats.cases++;
  stats.statuses[res.statusCode] = (stats.statuses[res.statusCode] ?? 0) + 1;
  report.set(endpoint.name, stats);

  const context = `${req.method} ${req.url.slice(0, 300)} [${req.contentType}] body=${(req.body ?? '').slice(0, 300)}\n→ ${res.statusCode} ${res.payload.slice(0, 500)}`;
  if (process.env.FUZZ_DEBUG && endpoint.name.includes(process.env.FUZZ_DEBUG)) console.error(context);
  if (!endpoint.contract5xx?.includes(res.statusCode)) expect(res.statusCode, context).toBeLessThan(500);
  const body = parseBody(res.payload);
  // Every error, including Fastify's pre-routing ones (bad percent-encoding, over-long path
  // parameters), leaves as `{detail}`.
  if (res.statusCode >= 400 && req.method !== 'HEAD') {
    expect(body, context).toHaveProperty('detail');
    const detail = (body as { detail: unknown }).detail;
    expect(typeof detail === 'string' || Array.isArray(detail), context).toBe(true);
  }
  if (res.statusCode >= 400) stats.rejectedChecked++;
  const allowed = allowedDelta(endpoint, res.statusCode, body, req);
  for (const key of Object.keys(before)) {
    const want = allowed[key as keyof typeof allowed];
    if (want === 'any') continue;
    expect(after[key]! - before[key]!, `${key} changed by ${endpoint.name}\n${context}`).toBe(want ?? 0);
  }
}

async function expectHealthy(): Promise<void> {
  const health = await t.app.inject({ url: '/api/health' });
  expect(health.statusCode).toBe(200);
  expect(health.json()).toEqual({ status: 'healthy', database: 'up' });
  const created = await t.app.inject({ method: 'POST', url: '/api/traces', payload: sampleTrace() });
  expect(created.statusCode).toBe(201);
  expect((await t.app.inject({ url: `/api/traces/${created.json().id}` })).statusCode).toBe(200);
}

describe('hostile input regressions (each was a 500 before input-guard.ts, integer bounds and the error serializer)', () => {
  const trace = (over: Record<string, unknown>) => JSON.stringify(sampleTrace(over));
  it.each([
    ['NUL in a string field', 'POST', '/api/traces', trace({ prompt: 'a\u0000b' })],
    ['lone surrogate', 'POST', '/api/traces', trace({ final_answer: 'x\ud800' })],
    ['NUL in a meta key', 'POST', '/api/traces', trace({ meta: { 'k\u0000': 1 } })],
    ['NUL in a batch element', 'POST', '/api/traces/batch', `[${trace({})},${trace({ prompt: '\u0000' })}]`],
    ['deep meta', 'POST', '/api/traces', `{"meta":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`],
    ['deep array body', 'POST', '/api/traces/batch', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    [
      'deep filters',
      'POST',
      '/api/datasets/build',
      `{"dataset_name":"d","dataset_version":"v","filters":{"a":${'['.repeat(5000)}${']'.repeat(5000)}}}`,
    ],
    [
      'NUL in a filter',
      'POST',
      '/api/datasets/build',
      '{"dataset_name":"d","dataset_version":"v0","filters":{"a":"\\u0000"}}',
    ],
    [
      'NUL in session_id',
      'POST',
      '/api/datasets/build',
      '{"dataset_name":"d","dataset_version":"v0","session_id":"\\u0000"}',
    ],
    ['seed beyond BIGINT', 'POST', '/api/datasets/build', '{"dataset_name":"d","dataset_version":"v0","seed":1e300}'],
    ['offset beyond BIGINT', 'GET', '/api/traces?offset=100000000000000000000', undefined],
    ['offset 2^63-1', 'GET', '/api/datasets?offset=9223372036854775807', undefined],
    ['NUL in a query value', 'GET', '/api/tunix/runs?dataset_key=%00', undefined],
    ['bad key on a route declaring the array 422', 'GET', '/api/datasets/a%20b', undefined],
  ])('%s → 422 with detail, nothing stored', async (_name, method, url, body) => {
    const before = await snapshot();
    const res = await inject({ method, url, body, contentType: body === undefined ? undefined : 'application/json' });
    expect(res.statusCode, res.payload.slice(0, 300)).toBeLessThan(500);
    if (!url.startsWith('/api/tunix')) expect(res.statusCode).toBe(422);
    expect(res.json()).toHaveProperty('detail');
    expect(await snapshot()).toEqual(before);
  });
});

describe('fuzzing every endpoint', () => {
  // Endpoints are built lazily: their arbitraries draw on ids created in beforeAll.
  const names = endpoints({ traceIds: [], datasetKeys: [], runIds: [] }).map((e) => e.name);
  const perEndpoint = Math.max(3, Math.floor(TOTAL_RUNS / names.length));

  it.each(names)(
    '%s: no 5xx, {detail} errors, no partial writes',
    async (name) => {
      const endpoint = endpoints(known).find((e) => e.name === name)!;
      await fc.assert(
        fc.asyncProperty(endpoint.request, (req) => check(endpoint, req)),
        { numRuns: perEndpoint, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: !process.env.FUZZ_SHRINK },
      );
      await expectHealthy();
    },
    600_000,
  );

  it('is still healthy and serving after everything', async () => {
    await expectHealthy();
    const list = await t.app.inject({ url: '/api/traces?limit=100' });
    expect(list.statusCode).toBe(200);
  });
});
