import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createRunsTestApp, makeDataset, type RunsTestApp } from './fixtures/runs';

// Local mode (API.md §6.4, D6) with the fake trainer as TUNIX_CLI: real child processes.
let t: RunsTestApp;
let key: string;
beforeAll(async () => {
  t = await createRunsTestApp({ TUNIX_RUN_TIMEOUT_SECONDS: '2' });
  key = await makeDataset(t, 4);
});
afterAll(async () => t?.close());

const runLocal = async (body: Record<string, unknown>) => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/tunix/run',
    payload: { dataset_key: key, model_id: 'fake', dry_run: false, ...body },
  });
  expect(res.statusCode).toBe(200);
  return res.json();
};
const fullLog = async (runId: string, stream: string) => {
  const res = await t.app.inject({ url: `/api/tunix/runs/${runId}/logs?limit=1000` });
  return (res.json().chunks as { stream: string; data: string }[])
    .filter((c) => c.stream === stream)
    .map((c) => c.data)
    .join('');
};
const stdoutEvents = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('{"event"'))
    .map((l) => JSON.parse(l));

describe('local runs', () => {
  it('runs the trainer on a real JSONL copy of the dataset and records the result', async () => {
    const run = await runLocal({ model_id: 'google/gemma steps=4' });
    expect(run).toMatchObject({
      status: 'completed',
      mode: 'local',
      exit_code: 0,
      message: 'Local execution completed successfully',
      stderr: 'training done\n',
    });
    expect(run.duration_seconds).toBeGreaterThan(0);

    const dir = join(t.dataDir, 'runs', run.run_id);
    const jsonl = await readFile(join(dir, 'datasets', `${key}.jsonl`), 'utf8');
    const exported = await t.app.inject({ url: `/api/datasets/${key}/export.jsonl?format=tunix_sft` });
    expect(jsonl).toBe(exported.body);
    expect(jsonl.trim().split('\n')).toHaveLength(4);
    for (const line of jsonl.trim().split('\n')) expect(JSON.parse(line).metadata.format).toBe('tunix_sft');

    const manifest = parse(await readFile(join(dir, 'manifest.yaml'), 'utf8'), { version: '1.1' });
    expect(manifest.dataset.path).toBe(`./datasets/${key}.jsonl`);
    expect(manifest.output.output_dir).toBe(run.output_dir);
    const [config, dataset] = stdoutEvents(run.stdout);
    expect(config.cwd).toBe(dir);
    expect(config.argv).toEqual(['train', '--config', join(dir, 'manifest.yaml')]);
    expect(dataset.records).toBe(4);

    const metrics = (await t.app.inject({ url: `/api/tunix/runs/${run.run_id}/metrics` })).json();
    expect(metrics.points.map((p: { step: number }) => p.step)).toEqual([1, 2, 3, 4]);
    expect(metrics.points[1].values).toEqual({ loss: 0.5, lr: 2e-5 });
    expect(await fullLog(run.run_id, 'stdout')).toBe(run.stdout);
  });

  it('captures a non-zero exit code', async () => {
    const run = await runLocal({ model_id: 'fake exit=3' });
    expect(run).toMatchObject({ status: 'failed', exit_code: 3, message: 'Local execution failed with exit code 3' });
    expect(run.stdout).toContain('"step":3');
  });

  it('times out after TUNIX_RUN_TIMEOUT_SECONDS, keeping the partial output', async () => {
    const run = await runLocal({ model_id: 'fake sleep=30 steps=30' });
    expect(run).toMatchObject({
      status: 'timeout',
      exit_code: null,
      message: 'Local execution timed out after 2 seconds',
    });
    expect(run.stderr).toContain('Execution timeout (exceeded 2 seconds)');
    expect(run.stdout).toContain('"step":1');
    expect(run.stdout).not.toContain('"step":30');
    expect(run.duration_seconds).toBeGreaterThanOrEqual(2);
    expect(run.duration_seconds).toBeLessThan(8);
  });

  it('truncates stdout/stderr columns to 10 KB with a notice and keeps the full log', async () => {
    const run = await runLocal({ model_id: 'fake bytes=30000 errbytes=12000' });
    const notice = '\n\n[... output truncated to 10240 bytes ...]';
    expect(run.status).toBe('completed');
    for (const text of [run.stdout, run.stderr]) {
      expect(text.endsWith(notice)).toBe(true);
      expect(Buffer.byteLength(text) - Buffer.byteLength(notice)).toBeLessThanOrEqual(10240);
    }
    const full = await fullLog(run.run_id, 'stdout');
    expect(Buffer.byteLength(full)).toBeGreaterThan(30000);
    expect(full).toContain('"step":3');
    const stored = (await t.app.inject({ url: `/api/tunix/runs/${run.run_id}` })).json();
    expect(stored.stdout).toBe(run.stdout);
  });

  it('passes shell metacharacters in model_id and output_dir through verbatim and inert', async () => {
    const tag = randomBytes(4).toString('hex');
    const canary = join(tmpdir(), `tunix-canary-${tag}`);
    await mkdir(canary);
    const pwned = [
      join(tmpdir(), `pwned-a-${tag}`),
      join(tmpdir(), `pwned-b-${tag}`),
      join(tmpdir(), `pwned-c-${tag}`),
    ];
    const modelId = `m; rm -rf ${canary} $(touch ${pwned[0]}) \`touch ${pwned[1]}\``;
    const outputDir = `out; rm -rf /${canary.slice(1)} && touch ${pwned[2]} | cat "$HOME" 'q'`;
    try {
      const run = await runLocal({ model_id: modelId, output_dir: outputDir });
      expect(run.status).toBe('completed');
      expect(run.model_id).toBe(modelId);
      expect(run.output_dir).toBe(outputDir);
      const dir = join(t.dataDir, 'runs', run.run_id);
      const manifest = parse(await readFile(join(dir, 'manifest.yaml'), 'utf8'), { version: '1.1' });
      expect(manifest.model.model_id).toBe(modelId);
      expect(manifest.output.output_dir).toBe(outputDir);
      const [config] = stdoutEvents(run.stdout);
      expect(config.model_id).toBe(modelId);
      expect(config.output_dir).toBe(outputDir);
      expect(await readFile(join(dir, 'trainer-ran.txt'), 'utf8')).toBe(`${modelId}\n`);
      for (const path of pwned) expect(existsSync(path)).toBe(false);
      expect(existsSync(canary)).toBe(true);
    } finally {
      await rm(canary, { recursive: true, force: true });
      for (const path of pwned) await rm(path, { force: true });
    }
  });

  it('422s a path-traversal dataset_key and creates nothing on disk', async () => {
    const before = await readdir(join(t.dataDir, 'runs'));
    for (const dataset_key of ['../../../tmp/evil', '..', 'a/../../b', '/etc/passwd']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/tunix/run',
        payload: { dataset_key, model_id: 'm', dry_run: false },
      });
      expect(res.statusCode).toBe(422);
    }
    expect(await readdir(join(t.dataDir, 'runs'))).toEqual(before);
    expect(existsSync(join(tmpdir(), 'evil'))).toBe(false);
  });

  it('fails an unknown dataset as a file-preparation error without creating its files', async () => {
    const run = await runLocal({ dataset_key: 'unknown-v1' });
    expect(run).toMatchObject({
      status: 'failed',
      exit_code: null,
      stderr: 'Failed to prepare files: Dataset not found: unknown-v1',
      message: 'Local execution failed: file preparation error',
    });
    expect(existsSync(join(t.dataDir, 'runs', run.run_id))).toBe(false);
  });

  it('keeps serving other requests while a trainer runs (no blocked event loop)', async () => {
    let finished = false;
    const pending = runLocal({ model_id: 'fake sleep=1 steps=4' }).then((run) => {
      finished = true;
      return run;
    });
    await new Promise((r) => setTimeout(r, 150));
    const other = await t.app.inject({ url: '/api/tunix/runs?limit=1' });
    expect(other.statusCode).toBe(200);
    // Answered while the synchronous run request was still in progress.
    expect(finished).toBe(false);
    expect((await pending).status).toBe('completed');
  });
});
