import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliServer, randomKey, startCliServer, trace } from './cli-harness';

let server: CliServer;
let datasetKey: string;
beforeAll(async () => {
  // The embedded worker executes queued (--async / --follow) runs.
  server = await startCliServer({ TUNIX_EMBEDDED_WORKER: 'true' });
  const dir = await mkdtemp(join(tmpdir(), 'tunix-cli-runs-'));
  const tag = randomKey('runs');
  const file = join(dir, 'traces.jsonl');
  await writeFile(file, [1, 2].map((n) => JSON.stringify(trace({ prompt: `r${n}`, meta: { tag } }))).join('\n'));
  expect((await server.cli(['traces', 'import', file])).code).toBe(0);
  const built = await server.cli([
    'datasets',
    'build',
    '--name',
    tag,
    '--version',
    'v1',
    '--filter',
    `tag=${tag}`,
    '--json',
  ]);
  expect(built.code).toBe(0);
  datasetKey = JSON.parse(built.stdout).dataset_key;
});
afterAll(async () => server?.close());

const runIdOf = (text: string) => /Run ([0-9a-f-]{36}) /.exec(text)?.[1] ?? /run ([0-9a-f-]{36})/i.exec(text)?.[1];

describe('tunix-rt runs submit --follow', () => {
  it('tails a dry-run to its end and exits 0 when it completed', async () => {
    const result = await server.cli([
      'runs',
      'submit',
      '--dataset',
      datasetKey,
      '--model',
      'google/gemma-2b-it',
      '--follow',
    ]);
    expect(result.stderr).toMatch(/Run [0-9a-f-]{36} completed/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Dry-run validation completed successfully');

    const id = runIdOf(result.stderr)!;
    const shown = await server.cli(['runs', 'show', id, '--json']);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ run_id: id, status: 'completed', dataset_key: datasetKey });
  });

  it('exits 1 when the dry-run fails (unknown dataset)', async () => {
    const missing = randomKey('missing');
    const result = await server.cli(['runs', 'submit', '--dataset', `${missing}-v1`, '--model', 'm', '--follow']);
    expect(result.stderr).toMatch(/Run [0-9a-f-]{36} failed/);
    expect(result.code).toBe(1);
  });
});

describe('tunix-rt runs', () => {
  it('submits synchronously and mirrors the outcome; --async returns the id at once', async () => {
    const sync = await server.cli([
      'runs',
      'submit',
      '--dataset',
      datasetKey,
      '--model',
      'm',
      '--epochs',
      '2',
      '--json',
    ]);
    expect(sync.code).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({ status: 'completed', mode: 'dry-run' });

    const queued = await server.cli(['runs', 'submit', '--dataset', datasetKey, '--model', 'm', '--async', '--json']);
    expect(queued.code).toBe(0);
    const run = JSON.parse(queued.stdout);
    expect(run.run_id).toMatch(/^[0-9a-f-]{36}$/);

    const followed = await server.cli(['runs', 'logs', run.run_id, '--follow']);
    expect(followed.code).toBe(0);
    const logs = await server.cli(['runs', 'logs', run.run_id]);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toBe(followed.stdout);
  });

  it('lists runs as JSON and as a table, with filters', async () => {
    const json = await server.cli([
      'runs',
      'list',
      '--dataset',
      datasetKey,
      '--status',
      'completed',
      '--limit',
      '100',
      '--json',
    ]);
    expect(json.code).toBe(0);
    const page = JSON.parse(json.stdout);
    expect(page.data.length).toBeGreaterThan(0);
    for (const item of page.data) expect(item).toMatchObject({ dataset_key: datasetKey, status: 'completed' });

    const table = await server.cli(['runs', 'list', '--dataset', datasetKey]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Status');
    expect(table.stdout).toContain(datasetKey);
  });

  it('prints server details for bad requests and exits 1', async () => {
    const badId = await server.cli(['runs', 'show', 'not-a-uuid']);
    expect(badId.code).toBe(1);
    expect(badId.stderr).toContain('run_id');
    const unknown = await server.cli(['runs', 'cancel', '3f2b6c1e-8d4a-4b7e-9c2d-1a5e6f7b8c9d']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('not found');
    const badEpochs = await server.cli(['runs', 'submit', '--dataset', datasetKey, '--model', 'm', '--epochs', '1000']);
    expect(badEpochs.code).toBe(1);
    expect(badEpochs.stderr).toContain('num_epochs');
  });
});
