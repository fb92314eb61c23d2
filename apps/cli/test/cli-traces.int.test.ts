import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliServer, randomKey, startCliServer, trace } from './cli-harness';

let server: CliServer;
let dir: string;
beforeAll(async () => {
  server = await startCliServer();
  dir = await mkdtemp(join(tmpdir(), 'tunix-cli-traces-'));
});
afterAll(async () => server?.close());

/** Every exported trace carrying meta.tag === tag (the database may hold other tests' traces). */
async function exportedWithTag(tag: string): Promise<Array<{ id: string; payload: { prompt: string } }>> {
  const file = join(dir, `${randomKey('export')}.jsonl`);
  const result = await server.cli(['traces', 'export', '-o', file]);
  expect(result.code).toBe(0);
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .filter((t) => t.payload?.meta?.tag === tag);
}

describe('tunix-rt traces import', () => {
  it('lands every valid line, reports each rejected line with its number and the detail, and exits 1', async () => {
    const tag = randomKey('import');
    const ok = (n: number) => JSON.stringify(trace({ prompt: `valid ${n}`, meta: { tag } }));
    const lines = [
      ok(1), // 1
      ok(2), // 2
      '{"trace_version": "1.0", "prompt": ', // 3: truncated JSON
      ok(4), // 4
      JSON.stringify({ ...trace({ meta: { tag } }), prompt: undefined }), // 5: prompt missing
      ok(6), // 6
      '', // 7: blank, skipped
      ok(8), // 8
      JSON.stringify(
        trace({
          meta: { tag },
          steps: [
            { i: 0, type: 'a', content: 'x' },
            { i: 0, type: 'b', content: 'y' },
          ],
        }),
      ), // 9: duplicate step index (the server's own rule, not a schema error)
      ok(10), // 10
      '[1, 2]', // 11: not an object
      JSON.stringify(trace({ meta: { tag }, final_answer: '' })), // 12: too short
      ok(13), // 13
    ];
    const file = join(dir, 'mixed.jsonl');
    await writeFile(file, `${lines.join('\n')}\n`);

    // Batches of 4 put invalid lines in the middle and at the edges of batches.
    const result = await server.cli(['traces', 'import', file, '--batch-size', '4']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Imported 7 of 12 lines, 5 rejected, 1 blank skipped');
    expect(result.stdout).toContain('Rejected lines: 3, 5, 9, 11, 12');
    const reported = [...result.stderr.matchAll(/^line (\d+): rejected: (.*)$/gm)].map((m) => [Number(m[1]), m[2]]);
    expect(reported.map(([line]) => line)).toEqual([3, 5, 9, 11, 12]);
    const detail = Object.fromEntries(reported) as Record<number, string>;
    expect(detail[3]).toMatch(/^invalid JSON: /);
    expect(detail[5]).toBe('prompt: Field required');
    expect(detail[9]).toContain('Step indices must be unique');
    expect(detail[11]).toContain('expected a JSON object');
    expect(detail[12]).toContain('final_answer: String should have at least 1 character');

    const stored = await exportedWithTag(tag);
    expect(stored.map((t) => t.payload.prompt).sort()).toEqual([1, 2, 4, 6, 8, 10, 13].map((n) => `valid ${n}`).sort());
  });

  it('imports a clean file in several batches and exits 0', async () => {
    const tag = randomKey('clean');
    const file = join(dir, 'clean.jsonl');
    const lines = Array.from({ length: 1203 }, (_, i) =>
      JSON.stringify(trace({ prompt: `p${i}`, meta: { tag, n: i } })),
    );
    await writeFile(file, lines.join('\r\n')); // CRLF and no final newline
    const result = await server.cli(['traces', 'import', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Imported 1203 of 1203 lines, 0 rejected');
    expect(await exportedWithTag(tag)).toHaveLength(1203);
  });

  it('stops with the server detail when the API refuses every write', async () => {
    const guarded = await startCliServer({ TUNIX_API_KEYS: 'a-very-long-secret-key' });
    try {
      const file = join(dir, 'auth.jsonl');
      await writeFile(file, `${JSON.stringify(trace())}\n`);
      const denied = await guarded.cli(['traces', 'import', file]);
      expect(denied.code).toBe(1);
      expect(denied.stderr).toContain('Missing API key');
      const allowed = await guarded.cli(['traces', 'import', file], { TUNIX_API_KEY: 'a-very-long-secret-key' });
      expect(allowed.code).toBe(0);
      expect(allowed.stdout).toContain('Imported 1 of 1 lines');
    } finally {
      await guarded.close();
    }
  });
});

describe('tunix-rt traces export', () => {
  it('writes one JSON object per trace with its payload, to stdout, honouring --limit', async () => {
    const tag = randomKey('exp');
    const file = join(dir, 'three.jsonl');
    await writeFile(file, [1, 2, 3].map((n) => JSON.stringify(trace({ prompt: `e${n}`, meta: { tag } }))).join('\n'));
    expect((await server.cli(['traces', 'import', file])).code).toBe(0);

    const result = await server.cli(['traces', 'export', '--limit', '2']);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(['id', 'created_at', 'trace_version', 'payload']);
      expect(line.payload).toHaveProperty('steps');
    }
    expect(result.stderr).toContain('Exported 2 traces');
  });
});
