import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliServer, randomKey, startCliServer, trace } from './cli-harness';

let server: CliServer;
let dir: string;
beforeAll(async () => {
  server = await startCliServer();
  dir = await mkdtemp(join(tmpdir(), 'tunix-cli-datasets-'));
});
afterAll(async () => server?.close());

async function importTagged(tag: string, metas: Array<Record<string, unknown>>): Promise<void> {
  const file = join(dir, `${tag}.jsonl`);
  await writeFile(
    file,
    metas.map((meta, i) => JSON.stringify(trace({ prompt: `q${i}`, meta: { tag, ...meta } }))).join('\n'),
  );
  const result = await server.cli(['traces', 'import', file]);
  expect(result.code).toBe(0);
}

describe('tunix-rt datasets', () => {
  it('builds with filters (JSON values) and exports the same traces in every format', async () => {
    const tag = randomKey('ds');
    await importTagged(tag, [{ n: 3 }, { n: '3' }, { n: 3, ok: true }, { n: 4 }]);

    const built = await server.cli([
      'datasets',
      'build',
      '--name',
      tag,
      '--version',
      'v1',
      '--filter',
      `tag=${tag}`,
      '--filter',
      'n=3',
      '--json',
    ]);
    expect(built.code).toBe(0);
    const manifest = JSON.parse(built.stdout);
    expect(manifest).toMatchObject({ dataset_key: `${tag}-v1`, trace_count: 2 });

    const file = join(dir, 'export.jsonl');
    const exported = await server.cli(['datasets', 'export', `${tag}-v1`, '--format', 'trace', '-o', file]);
    expect(exported.code).toBe(0);
    const records = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records).toHaveLength(2);
    for (const record of records) expect(record.metadata).toMatchObject({ tag, n: 3 });

    const sft = await server.cli(['datasets', 'export', `${tag}-v1`, '--format', 'tunix_sft']);
    expect(sft.code).toBe(0);
    const sftRecords = sft.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(sftRecords.map((r) => r.id)).toEqual(records.map((r) => r.id));
    expect(sftRecords[0].metadata.format).toBe('tunix_sft');

    const examples = await server.cli(['datasets', 'export', `${tag}-v1`, '--format', 'training_example']);
    expect(
      examples.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).metadata.source_trace_id),
    ).toEqual(records.map((r) => r.id));
  });

  it('lists datasets as a table and as JSON', async () => {
    const tag = randomKey('list');
    await importTagged(tag, [{}]);
    const built = await server.cli(['datasets', 'build', '--name', tag, '--version', 'v2', '--filter', `tag=${tag}`]);
    expect(built.code).toBe(0);
    expect(built.stdout).toContain(`Built dataset ${tag}-v2: 1 traces`);

    const json = await server.cli(['datasets', 'list', '--limit', '100', '--json']);
    expect(json.code).toBe(0);
    const page = JSON.parse(json.stdout);
    expect(page.data.map((d: { dataset_key: string }) => d.dataset_key)).toContain(`${tag}-v2`);

    const table = await server.cli(['datasets', 'list', '--limit', '100']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`${tag}-v2`);
    expect(table.stdout).toContain('Traces');
  });

  it('prints the server detail and exits 1 for an unknown dataset; random without a seed is refused', async () => {
    const missing = await server.cli(['datasets', 'export', 'no_such_dataset-v9']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Dataset not found: no_such_dataset-v9');
    expect(missing.stdout).toBe('');

    const noSeed = await server.cli([
      'datasets',
      'build',
      '--name',
      randomKey('r'),
      '--version',
      'v1',
      '--strategy',
      'random',
    ]);
    expect(noSeed.code).toBe(1);
    expect(noSeed.stderr).toContain('seed');
  });

  it('exits 2 on usage errors', async () => {
    const badFormat = await server.cli(['datasets', 'export', 'k-v1', '--format', 'csv']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('--format');
    const badFilter = await server.cli(['datasets', 'build', '--name', 'a', '--version', 'v', '--filter', 'novalue']);
    expect(badFilter.code).toBe(2);
    expect(badFilter.stderr).toContain('key=value');
  });
});
