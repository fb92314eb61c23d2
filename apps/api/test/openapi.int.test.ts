import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

it('matches the committed openapi.json (regenerate: node --import tsx scripts/openapi.ts)', async () => {
  const committed = JSON.parse(await readFile(new URL('../openapi.json', import.meta.url), 'utf8'));
  expect(JSON.parse(JSON.stringify(t.app.swagger()))).toEqual(committed);
});

it('documents every endpoint of the contract', () => {
  const paths = Object.keys((t.app.swagger() as { paths: object }).paths);
  for (const path of [
    '/api/health',
    '/api/redi/health',
    '/api/traces',
    '/api/traces/batch',
    '/api/traces/compare',
    '/api/traces/{trace_id}',
    '/api/traces/{trace_id}/score',
    '/api/ungar/status',
    '/api/ungar/high-card-duel/generate',
    '/api/ungar/high-card-duel/export.jsonl',
    '/api/datasets/build',
    '/api/datasets/{dataset_key}/export.jsonl',
    '/api/tunix/status',
    '/api/tunix/sft/export',
    '/api/tunix/sft/manifest',
    '/api/tunix/run',
    '/api/tunix/runs',
    '/api/tunix/runs/{run_id}',
  ]) {
    expect(paths).toContain(path);
  }
});
