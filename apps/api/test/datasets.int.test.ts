import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetStats } from '@tunix-rt/core/datasets/stats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, EXAMPLE_TRACE, sampleTrace, type TestApp } from './harness';

let t: TestApp;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tunix-ds-'));
  t = await createTestApp({ TUNIX_DATA_DIR: dataDir });
});
afterAll(async () => t?.close());

const uid = () => Math.random().toString(36).slice(2, 10);
const post = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, payload: payload as object });
const build = (body: Record<string, unknown>) => post('/api/datasets/build', { dataset_version: 'v1', ...body });

async function seedTraces(tag: string, n: number, extraMeta: Record<string, unknown> = {}) {
  const traces = Array.from({ length: n }, (_, k) =>
    sampleTrace({ prompt: `${tag}-${k}`, meta: { tag, k, ...extraMeta } }),
  );
  const res = await post('/api/traces/batch', traces);
  expect(res.statusCode).toBe(201);
  return res.json().traces.map((x: { id: string }) => x.id) as string[];
}

describe('POST /api/datasets/build', () => {
  it('builds a latest dataset filtered in SQL with stats, hash and a manifest file', async () => {
    const tag = uid();
    await seedTraces(tag, 5);
    await seedTraces(`${tag}-other`, 3);
    const res = await build({ dataset_name: `ds-${tag}`, filters: { tag }, limit: 3 });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ dataset_key: `ds-${tag}-v1`, trace_count: 3 });
    expect(body.content_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(body.manifest_path)).toBe(true);
    const manifest = (await t.app.inject({ url: `/api/datasets/ds-${tag}-v1` })).json();
    expect(manifest.trace_ids).toHaveLength(3);
    expect(manifest.stats).toEqual({
      trace_count: 3,
      avg_step_count: 1,
      min_step_count: 1,
      max_step_count: 1,
      avg_total_chars: expect.any(Number),
    });
    expect(manifest.seed).toBeNull();
  });

  it('computes stats in SQL exactly as the reference formula does over the payloads', async () => {
    const tag = uid();
    const traces = [
      sampleTrace({ prompt: '°C→°F 😀', meta: { tag }, steps: [{ i: 0, type: 'a', content: 'héllo' }] }),
      sampleTrace({
        prompt: 'two',
        meta: { tag },
        steps: [
          { i: 0, type: 'a', content: 'x' },
          { i: 3, type: 'b', content: '日本語' },
        ],
      }),
    ];
    await post('/api/traces/batch', traces);
    const key = (await build({ dataset_name: `stats-${tag}`, filters: { tag } })).json().dataset_key;
    const manifest = (await t.app.inject({ url: `/api/datasets/${key}` })).json();
    const payloads = await Promise.all(
      manifest.trace_ids.map(async (id: string) => (await t.app.inject({ url: `/api/traces/${id}` })).json().payload),
    );
    expect(manifest.stats).toEqual(datasetStats(payloads));
  });

  it('sees matches older than any candidate window (no limit × 10 window)', async () => {
    const tag = uid();
    await seedTraces(tag, 2);
    await seedTraces(`${tag}-noise`, 40);
    const res = await build({ dataset_name: `old-${tag}`, filters: { tag }, limit: 2 });
    expect(res.json().trace_count).toBe(2);
  });

  it('treats null meta as {} and null filter values as a missing key', async () => {
    const tag = uid();
    await post('/api/traces', sampleTrace({ prompt: `nometa-${tag}` }));
    const res = await build({ dataset_name: `null-${tag}`, filters: { [`missing_${tag}`]: null }, limit: 10 });
    expect(res.statusCode).toBe(201);
    expect(res.json().trace_count).toBeGreaterThan(0);
  });

  it('makes the same random selection for the same seed, and needs a seed', async () => {
    const tag = uid();
    await seedTraces(tag, 30);
    const a = (
      await build({ dataset_name: `ra-${tag}`, filters: { tag }, selection_strategy: 'random', seed: 7, limit: 10 })
    ).json();
    const b = (
      await build({ dataset_name: `rb-${tag}`, filters: { tag }, selection_strategy: 'random', seed: 7, limit: 10 })
    ).json();
    const ids = async (key: string) => (await t.app.inject({ url: `/api/datasets/${key}` })).json().trace_ids;
    expect(await ids(a.dataset_key)).toEqual(await ids(b.dataset_key));
    expect(a.content_hash).toBe(b.content_hash);
    const c = (
      await build({ dataset_name: `rc-${tag}`, filters: { tag }, selection_strategy: 'random', seed: 8, limit: 10 })
    ).json();
    expect(await ids(c.dataset_key)).not.toEqual(await ids(a.dataset_key));
    const noSeed = await build({ dataset_name: `rn-${tag}`, selection_strategy: 'random' });
    expect(noSeed.statusCode).toBe(422);
    expect(noSeed.json()).toEqual({ detail: 'Random selection strategy requires a seed for reproducibility' });
  });

  it('is immutable: the same key again is 409 and nothing changes', async () => {
    const tag = uid();
    await seedTraces(tag, 2);
    const first = await build({ dataset_name: `imm-${tag}`, filters: { tag } });
    expect(first.statusCode).toBe(201);
    await seedTraces(tag, 2);
    const again = await build({ dataset_name: `imm-${tag}`, filters: { tag } });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('already exists');
    expect((await t.app.inject({ url: `/api/datasets/imm-${tag}-v1` })).json().trace_count).toBe(2);
  });

  it.each([
    [{ dataset_name: '../../etc', dataset_version: 'v1' }],
    [{ dataset_name: 'a..b', dataset_version: 'v1' }],
    [{ dataset_name: 'x\\y', dataset_version: 'v1' }],
    [{ dataset_name: '.hidden', dataset_version: 'v1' }],
  ])('rejects traversal-prone keys %j with 422 and writes nothing', async (body) => {
    const before = existsSync(join(dataDir, 'datasets')) ? readdirSync(join(dataDir, 'datasets')).length : 0;
    const res = await post('/api/datasets/build', body);
    expect(res.statusCode).toBe(422);
    expect(typeof res.json().detail).toBe('string');
    const after = existsSync(join(dataDir, 'datasets')) ? readdirSync(join(dataDir, 'datasets')).length : 0;
    expect(after).toBe(before);
  });

  it.each([
    [{ dataset_name: 'x', dataset_version: 'v', limit: 0 }, 'greater_than_equal'],
    [{ dataset_name: 'x', dataset_version: 'v', limit: 10001 }, 'less_than_equal'],
    [{ dataset_name: 'x', dataset_version: 'v', selection_strategy: 'newest' }, 'literal_error'],
    [{ dataset_name: '', dataset_version: 'v' }, 'string_too_short'],
    [{ dataset_name: 'x', dataset_version: 'v', filters: [] }, 'model_type'],
  ])('validates %j', async (body, type) => {
    const res = await post('/api/datasets/build', body);
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0].type).toBe(type);
  });
});

describe('dataset exports', () => {
  it('exports the three formats in manifest order, deterministically', async () => {
    const tag = uid();
    await post('/api/traces', { ...EXAMPLE_TRACE, meta: { ...EXAMPLE_TRACE.meta, tag, created_at: 'hostile' } });
    await seedTraces(tag, 3);
    const key = (await build({ dataset_name: `exp-${tag}`, filters: { tag }, limit: 10 })).json().dataset_key;
    // The example trace has a different meta shape, so select it by tag only.
    const manifest = (await t.app.inject({ url: `/api/datasets/${key}` })).json();
    for (const format of ['trace', 'tunix_sft', 'training_example']) {
      const res = await t.app.inject({ url: `/api/datasets/${key}/export.jsonl?format=${format}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/x-ndjson');
      expect(res.body.endsWith('\n')).toBe(true);
      const lines = res.body
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines).toHaveLength(manifest.trace_count);
      const again = await t.app.inject({ url: `/api/datasets/${key}/export.jsonl?format=${format}` });
      const sha = (s: string) => createHash('sha256').update(s).digest('hex');
      expect(sha(again.body)).toBe(sha(res.body));
      if (format === 'training_example') {
        expect(lines.map((l) => l.metadata.source_trace_id)).toEqual(manifest.trace_ids);
      } else {
        expect(lines.map((l) => l.id)).toEqual(manifest.trace_ids);
      }
    }
    const sft = (await t.app.inject({ url: `/api/datasets/${key}/export.jsonl?format=tunix_sft` })).body.split('\n')[3];
    const example = JSON.parse(sft!);
    expect(example.prompts).toBe(
      '<start_of_turn>user\nConvert 68°F to Celsius<end_of_turn>\n<start_of_turn>model\nReasoning:\n1. Parse the temperature conversion task: 68°F to °C\n2. Use the formula: °C = (°F - 32) × 5/9\n3. Calculate: (68 - 32) = 36\n4. Calculate: 36 × 5/9 = 20\n5. Final answer: 20°C\nAnswer: 20°C<end_of_turn>',
    );
    expect(example.metadata.format).toBe('tunix_sft');
    expect(example.metadata.created_at).not.toBe('hostile');
  });

  it('streams a dataset larger than several read-ahead chunks in manifest order', async () => {
    const tag = uid();
    const ids: string[] = [];
    for (let b = 0; b < 4; b++) ids.push(...(await seedTraces(`${tag}-${b}`, 700, { tag })));
    const res = await build({ dataset_name: `big-${tag}`, filters: { tag }, limit: 2800 });
    expect(res.json().trace_count).toBe(2800);
    const lines = (await t.app.inject({ url: `/api/datasets/big-${tag}-v1/export.jsonl?format=trace` })).body
      .trimEnd()
      .split('\n');
    // `latest` is newest first; the batches were inserted oldest first.
    const manifest = (await t.app.inject({ url: `/api/datasets/big-${tag}-v1` })).json().trace_ids;
    expect(lines.map((l) => JSON.parse(l).id)).toEqual(manifest);
    expect(new Set(manifest)).toEqual(new Set(ids));
  });

  it('validates the format before the lookup and 404s an unknown dataset', async () => {
    const bad = await t.app.inject({ url: '/api/datasets/nope-v1/export.jsonl?format=csv' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail[0].loc).toEqual(['query', 'format']);
    const missing = await t.app.inject({ url: '/api/datasets/nope-v1/export.jsonl' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ detail: 'Dataset not found: nope-v1' });
    const traversal = await t.app.inject({ url: '/api/datasets/..%2F..%2Fetc/export.jsonl' });
    expect(traversal.statusCode).toBe(422);
    expect(existsSync(join(dataDir, 'datasets', 'nope-v1'))).toBe(false);
  });

  it('exports an empty dataset as an empty body', async () => {
    const key = (await build({ dataset_name: `empty-${uid()}`, filters: { nothing: uid() } })).json().dataset_key;
    const res = await t.app.inject({ url: `/api/datasets/${key}/export.jsonl` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
  });

  it('lists datasets newest first with the pagination rule', async () => {
    const res = await t.app.inject({ url: '/api/datasets?limit=2' });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toHaveLength(2);
    expect(res.json().pagination.next_offset).toBe(2);
  });
});

describe('POST /api/tunix/sft/export', () => {
  it('exports by dataset key or by ids in the given order with duplicates', async () => {
    const tag = uid();
    const ids = await seedTraces(tag, 3);
    const key = (await build({ dataset_name: `sft-${tag}`, filters: { tag } })).json().dataset_key;
    const byKey = await post('/api/tunix/sft/export', { dataset_key: key });
    expect(byKey.statusCode).toBe(200);
    expect(byKey.body.trimEnd().split('\n')).toHaveLength(3);
    const order = [ids[2], ids[0], ids[2], '3f2b6c1e-8d4a-4b7e-9c2d-1a5e6f7b8c9d'];
    const byIds = await post('/api/tunix/sft/export', { trace_ids: order });
    expect(
      byIds.body
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual([ids[2], ids[0], ids[2]]);
    const limited = await post('/api/tunix/sft/export', { dataset_key: key, limit: 2 });
    expect(limited.body.trimEnd().split('\n')).toHaveLength(2);
  });

  it('answers the documented errors', async () => {
    expect((await post('/api/tunix/sft/export', {})).json()).toEqual({
      detail: 'Either dataset_key or trace_ids must be provided',
    });
    expect((await post('/api/tunix/sft/export', { trace_ids: [] })).statusCode).toBe(400);
    const notUuid = await post('/api/tunix/sft/export', { trace_ids: ['nope'] });
    expect(notUuid.statusCode).toBe(400);
    expect(notUuid.json().detail).toContain('badly formed');
    const missing = await post('/api/tunix/sft/export', { dataset_key: 'missing-v1' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ detail: 'Manifest not found for dataset: missing-v1' });
    expect((await post('/api/tunix/sft/export', { dataset_key: '../x' })).statusCode).toBe(422);
  });
});

describe('UNGAR High Card Duel', () => {
  it('is available and generates seeded, deterministic traces in one transaction', async () => {
    expect((await t.app.inject({ url: '/api/ungar/status' })).json()).toEqual({
      available: true,
      version: expect.any(String),
    });
    const res = await post('/api/ungar/high-card-duel/generate', { count: 5, seed: 42 });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.trace_ids).toHaveLength(5);
    expect(body.preview).toEqual([
      { trace_id: body.trace_ids[0], game: 'high_card_duel', result: 'loss', my_card: 'TS' },
      { trace_id: body.trace_ids[1], game: 'high_card_duel', result: 'loss', my_card: '2H' },
      { trace_id: body.trace_ids[2], game: 'high_card_duel', result: 'win', my_card: 'AH' },
    ]);
    const trace = (await t.app.inject({ url: `/api/traces/${body.trace_ids[0]}` })).json();
    expect(trace.payload.meta).toEqual({
      source: 'ungar',
      game: 'high_card_duel',
      episode_index: 0,
      my_card: 'TS',
      opponent_card: 'JH',
      result: 'loss',
      seed: 42,
    });
    const dry = (await post('/api/ungar/high-card-duel/generate', { count: 2, seed: 42, persist: false })).json();
    expect((await t.app.inject({ url: `/api/traces/${dry.trace_ids[0]}` })).statusCode).toBe(404);
  });

  it('validates generate and export parameters', async () => {
    expect((await post('/api/ungar/high-card-duel/generate', { count: 0 })).statusCode).toBe(422);
    expect((await post('/api/ungar/high-card-duel/generate', { count: 101 })).statusCode).toBe(422);
    expect((await post('/api/ungar/high-card-duel/generate', {})).json().detail[0].type).toBe('missing');
    expect((await t.app.inject({ url: '/api/ungar/high-card-duel/export.jsonl?limit=-1' })).statusCode).toBe(422);
    expect((await t.app.inject({ url: '/api/ungar/high-card-duel/export.jsonl?limit=abc' })).statusCode).toBe(422);
    const badId = await t.app.inject({ url: '/api/ungar/high-card-duel/export.jsonl?trace_ids=a,,b' });
    expect(badId.statusCode).toBe(422);
    expect(badId.json().detail).toContain('badly formed');
  });

  it('exports UNGAR traces only, keeping the order of given ids', async () => {
    const gen = (await post('/api/ungar/high-card-duel/generate', { count: 3, seed: 1 })).json();
    const plain = (await post('/api/traces', sampleTrace())).json().id;
    const ids = [gen.trace_ids[2], plain, gen.trace_ids[0]];
    const res = await t.app.inject({ url: `/api/ungar/high-card-duel/export.jsonl?trace_ids=${ids.join(', ')}` });
    expect(res.headers['content-type']).toBe('application/x-ndjson');
    const lines = res.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual([gen.trace_ids[2], gen.trace_ids[0]]);
    expect(Object.keys(lines[0])).toEqual(['id', 'prompts', 'trace_steps', 'final_answer', 'metadata']);
    const latest = await t.app.inject({ url: '/api/ungar/high-card-duel/export.jsonl?limit=2' });
    expect(latest.body.trimEnd().split('\n')).toHaveLength(2);
  });
});
