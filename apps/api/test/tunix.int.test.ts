import { readdir } from 'node:fs/promises';
import { dryRunSummary } from '@tunix-rt/core/tunix/dry-run-summary';
import { buildManifestYaml } from '@tunix-rt/core/tunix/manifest-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunsTestApp, makeDataset, type RunsTestApp, randomKey } from './fixtures/runs';

// API.md §6.1, §6.3–6.6 with the worker off (runs stay pending unless run synchronously).
let t: RunsTestApp;
let noCli: RunsTestApp;
let key: string;
beforeAll(async () => {
  [t, noCli] = await Promise.all([createRunsTestApp(), createRunsTestApp({ TUNIX_CLI: '/nonexistent/bin/tunix' })]);
  key = await makeDataset(t, 3);
});
afterAll(async () => Promise.all([t?.close(), noCli?.close()]));

const post = (app: RunsTestApp, url: string, payload: unknown) =>
  app.app.inject({ method: 'POST', url, payload: payload as object });
const countRuns = async (app: RunsTestApp) =>
  Number(
    (
      await app.ctx.database.db
        .selectFrom('tunix_runs')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('GET /api/tunix/status', () => {
  it('reports the CLI as available with its --version output', async () => {
    const res = await t.app.inject({ url: '/api/tunix/status' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['available', 'version', 'runtime_required', 'message']);
    expect(body).toMatchObject({ available: true, version: 'fake-tunix 1.2.3', runtime_required: false });
    expect(body.message).toContain('Tunix runtime is available');
  });

  it('reports the reference message when TUNIX_CLI cannot be run', async () => {
    const res = await noCli.app.inject({ url: '/api/tunix/status' });
    expect(res.json()).toEqual({
      available: false,
      version: null,
      runtime_required: true,
      message:
        "Tunix runtime not installed. Dry-run mode available for validation. Install Tunix for local execution: pip install -e '.[tunix]'",
    });
  });
});

describe('POST /api/tunix/sft/manifest', () => {
  const body = (dataset_key: string) => ({
    dataset_key,
    model_id: 'google/gemma-2b-it',
    output_dir: './output/tunix_run',
    learning_rate: 1e-4,
  });

  it('returns the YAML manifest (201) without writing anything', async () => {
    const res = await post(t, '/api/tunix/sft/manifest', body(key));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      manifest_yaml: buildManifestYaml({
        dataset_key: key,
        model_id: 'google/gemma-2b-it',
        output_dir: './output/tunix_run',
        learning_rate: 1e-4,
        num_epochs: 3,
        batch_size: 8,
        max_seq_length: 2048,
      }),
      dataset_key: key,
      model_id: 'google/gemma-2b-it',
      format: 'tunix_sft',
      message: `Manifest generated for dataset ${key}. Save as YAML and execute with Tunix CLI.`,
    });
    expect(res.json().manifest_yaml).toContain('learning_rate: 0.0001');
  });

  it('404s an unknown dataset', async () => {
    const res = await post(t, '/api/tunix/sft/manifest', body('nope-v1'));
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ detail: 'Dataset not found: nope-v1' });
  });

  it.each([['../../etc/passwd'], ['a/b'], ['..']])('422s the unsafe key %s', async (unsafe) => {
    const res = await post(t, '/api/tunix/sft/manifest', body(unsafe));
    expect(res.statusCode).toBe(422);
  });

  it.each([
    [{ model_id: undefined }, ['body', 'model_id']],
    [{ learning_rate: 0 }, ['body', 'learning_rate']],
    [{ max_seq_length: 100 }, ['body', 'max_seq_length']],
  ])('422s schema errors (%j)', async (override, loc) => {
    const res = await post(t, '/api/tunix/sft/manifest', { ...body(key), ...override });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0].loc).toEqual(loc);
  });
});

describe('POST /api/tunix/run (dry-run)', () => {
  it('validates the dataset and answers 200 with the summary, persisting the run', async () => {
    const res = await post(t, '/api/tunix/run', { dataset_key: key, model_id: 'google/gemma-2b-it' });
    expect(res.statusCode).toBe(200);
    const run = res.json();
    expect(Object.keys(run).slice(0, 13)).toEqual([
      'run_id',
      'status',
      'mode',
      'dataset_key',
      'model_id',
      'output_dir',
      'exit_code',
      'stdout',
      'stderr',
      'duration_seconds',
      'started_at',
      'completed_at',
      'message',
    ]);
    const outputDir = `./output/tunix_run_${run.run_id.slice(0, 8)}`;
    const yaml = buildManifestYaml({
      dataset_key: key,
      model_id: 'google/gemma-2b-it',
      output_dir: outputDir,
      learning_rate: 2e-5,
      num_epochs: 3,
      batch_size: 8,
      max_seq_length: 2048,
    });
    expect(run).toMatchObject({
      status: 'completed',
      mode: 'dry-run',
      output_dir: outputDir,
      exit_code: 0,
      stderr: '',
      message: 'Dry-run validation successful',
      retry_of: null,
    });
    // sample_count is the number of records validated (3), not a character count.
    expect(run.stdout).toBe(
      dryRunSummary({
        dataset_key: key,
        model_id: 'google/gemma-2b-it',
        output_dir: outputDir,
        yaml_len: yaml.length,
        sample_count: 3,
        learning_rate: 2e-5,
        num_epochs: 3,
        batch_size: 8,
        max_seq_length: 2048,
      }),
    );
    expect(run.stdout).toContain('(3 traces sampled)');
    expect(run.started_at).toMatch(ISO_MS);
    expect(run.completed_at).toMatch(ISO_MS);
    expect(run.duration_seconds).toBeGreaterThanOrEqual(0);
    const dataset = (await t.app.inject({ url: `/api/datasets/${key}` })).json();
    expect(run.dataset_hash).toBe(dataset.content_hash);

    const stored = await t.app.inject({ url: `/api/tunix/runs/${run.run_id}` });
    expect(stored.statusCode).toBe(200);
    expect(stored.json()).toEqual(run);
  });

  it('records an unknown dataset as a failed run (200, not 404)', async () => {
    const res = await post(t, '/api/tunix/run', { dataset_key: 'missing-v9', model_id: 'm' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'failed',
      exit_code: null,
      stdout: '',
      stderr: 'Dataset not found: missing-v9',
      message: 'Dry-run failed: dataset not found',
      dataset_hash: null,
    });
    const stored = (await t.app.inject({ url: `/api/tunix/runs/${res.json().run_id}` })).json();
    expect(stored.message).toBe('Dry-run failed: dataset not found');
  });

  it('fails an empty dataset', async () => {
    const empty = await makeDataset(t, 0);
    const res = await post(t, '/api/tunix/run', { dataset_key: empty, model_id: 'm' });
    expect(res.json()).toMatchObject({
      status: 'failed',
      stderr: 'Dataset is empty (no traces found)',
      message: 'Dry-run failed: empty dataset',
    });
  });

  it('echoes a caller output_dir and stores it', async () => {
    const res = await post(t, '/api/tunix/run', { dataset_key: key, model_id: 'm', output_dir: 'out/here' });
    expect(res.json().output_dir).toBe('out/here');
    expect(res.json().stdout).toContain('Output Directory: out/here\n');
  });

  it.each([['../../etc/passwd'], ['a/b'], ['..'], ['x\\..\\y']])(
    '422s the unsafe dataset_key %s without creating a run or a file',
    async (unsafe) => {
      const before = await countRuns(t);
      for (const dry_run of [true, false]) {
        const res = await post(t, '/api/tunix/run', { dataset_key: unsafe, model_id: 'm', dry_run });
        expect(res.statusCode).toBe(422);
      }
      expect(await countRuns(t)).toBe(before);
      expect(await readdir(t.dataDir).catch(() => [])).not.toContain('runs');
    },
  );

  it.each([
    [{ model_id: undefined }],
    [{ dry_run: 'yes' }],
    [{ num_epochs: 0 }],
    [{ batch_size: 513 }],
    [{ output_dir: '' }],
  ])('422s schema errors (%j) without creating a run', async (override) => {
    const before = await countRuns(t);
    const res = await post(t, '/api/tunix/run', { dataset_key: key, model_id: 'm', ...override });
    expect(res.statusCode).toBe(422);
    expect(await countRuns(t)).toBe(before);
  });

  it('422s an unknown ?mode', async () => {
    const res = await post(t, '/api/tunix/run?mode=later', { dataset_key: key, model_id: 'm' });
    expect(res.statusCode).toBe(422);
  });
});

describe('POST /api/tunix/run without the Tunix CLI', () => {
  it('answers 501 for a local run and creates no record', async () => {
    const noCliKey = await makeDataset(noCli, 1);
    for (const url of ['/api/tunix/run', '/api/tunix/run?mode=async']) {
      const res = await post(noCli, url, { dataset_key: noCliKey, model_id: 'm', dry_run: false });
      expect(res.statusCode).toBe(501);
      expect(res.json()).toEqual({
        detail:
          "Tunix runtime not available. Install with: pip install -e '.[tunix]' or set dry_run=true to validate without executing.",
      });
    }
    expect(await countRuns(noCli)).toBe(0);
    const dry = await post(noCli, '/api/tunix/run', { dataset_key: noCliKey, model_id: 'm' });
    expect(dry.json().status).toBe('completed');
  });
});

describe('GET /api/tunix/runs', () => {
  it('filters by status, mode and dataset_key with AND, newest first, paginated', async () => {
    const k1 = await makeDataset(t, 1);
    const k2 = randomKey('absent');
    const ids: string[] = [];
    for (const dataset_key of [k1, k1, k2]) {
      ids.push((await post(t, '/api/tunix/run', { dataset_key, model_id: 'm' })).json().run_id);
    }
    const list = async (query: string) => {
      const res = await t.app.inject({ url: `/api/tunix/runs?${query}` });
      expect(res.statusCode).toBe(200);
      return res.json();
    };
    const byKey = await list(`dataset_key=${k1}`);
    expect(byKey.data.map((r: { run_id: string }) => r.run_id)).toEqual([ids[1], ids[0]]);
    expect(Object.keys(byKey.data[0])).toEqual([
      'run_id',
      'dataset_key',
      'model_id',
      'mode',
      'status',
      'started_at',
      'duration_seconds',
      'created_at',
    ]);
    expect((await list(`dataset_key=${k2}&status=failed`)).data).toHaveLength(1);
    expect((await list(`dataset_key=${k2}&status=completed`)).data).toHaveLength(0);
    expect((await list(`dataset_key=${k1}&mode=local`)).data).toHaveLength(0);
    expect((await list(`dataset_key=${k1}&mode=dry-run&status=`)).data).toHaveLength(2);

    const page1 = await list(`dataset_key=${k1}&limit=1`);
    expect(page1.pagination).toEqual({ limit: 1, offset: 0, next_offset: 1 });
    const page2 = await list(`dataset_key=${k1}&limit=1&offset=1`);
    expect(page2.pagination.next_offset).toBeNull();
    expect(page2.data[0].run_id).toBe(ids[0]);

    const all = (await list('limit=100')).data as { created_at: string }[];
    const sorted = [...all].sort((a, b) => b.created_at.localeCompare(a.created_at));
    expect(all.map((r) => r.created_at)).toEqual(sorted.map((r) => r.created_at));
  });

  it.each([
    ['limit=0', 'limit must be between 1 and 100'],
    ['limit=101', 'limit must be between 1 and 100'],
    ['offset=-1', 'offset must be non-negative'],
  ])('422s %s with the string detail', async (query, detail) => {
    const res = await t.app.inject({ url: `/api/tunix/runs?${query}` });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({ detail });
  });

  it.each([['status=done'], ['mode=remote'], ['limit=x']])('422s %s through the schema', async (query) => {
    const res = await t.app.inject({ url: `/api/tunix/runs?${query}` });
    expect(res.statusCode).toBe(422);
    expect(Array.isArray(res.json().detail)).toBe(true);
  });
});

describe('GET /api/tunix/runs/{run_id}', () => {
  it('422s a malformed id and 404s an unknown one', async () => {
    expect((await t.app.inject({ url: '/api/tunix/runs/not-a-uuid' })).statusCode).toBe(422);
    const id = '00000000-0000-4000-8000-000000000000';
    for (const suffix of ['', '/status', '/logs', '/metrics', '/logs/stream']) {
      const res = await t.app.inject({ url: `/api/tunix/runs/${id}${suffix}` });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ detail: `Tunix run not found: ${id}` });
    }
    for (const [method, suffix] of [
      ['POST', '/cancel'],
      ['POST', '/retry'],
      ['DELETE', ''],
    ] as const) {
      const res = await t.app.inject({ method, url: `/api/tunix/runs/${id}${suffix}` });
      expect(res.statusCode).toBe(404);
    }
  });
});

describe('queued runs with no worker', () => {
  it('answers 202 pending and writes the run and its job in one transaction', async () => {
    const res = await post(t, '/api/tunix/run?mode=async', { dataset_key: key, model_id: 'm' });
    expect(res.statusCode).toBe(202);
    const run = res.json();
    expect(run).toMatchObject({ status: 'pending', started_at: null, completed_at: null, exit_code: null });
    const jobs = await t.ctx.database.pool.query(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'tunix-dry-run' AND data->>'run_id' = $1",
      [run.run_id],
    );
    expect(jobs.rows[0].n).toBe(1);
    const status = await t.app.inject({ url: `/api/tunix/runs/${run.run_id}/status` });
    expect(status.json()).toEqual({
      run_id: run.run_id,
      status: 'pending',
      exit_code: null,
      started_at: null,
      completed_at: null,
      duration_seconds: null,
    });
  });

  it('cancels a pending run at once; cancelled runs can be retried and deleted, not cancelled again', async () => {
    const run = (await post(t, '/api/tunix/run?mode=async', { dataset_key: key, model_id: 'm' })).json();
    expect((await t.app.inject({ method: 'DELETE', url: `/api/tunix/runs/${run.run_id}` })).statusCode).toBe(409);
    const retryPending = await t.app.inject({ method: 'POST', url: `/api/tunix/runs/${run.run_id}/retry` });
    expect(retryPending.statusCode).toBe(409);

    const cancel = await t.app.inject({ method: 'POST', url: `/api/tunix/runs/${run.run_id}/cancel` });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json().status).toBe('cancelled');
    const again = await t.app.inject({ method: 'POST', url: `/api/tunix/runs/${run.run_id}/cancel` });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('cancelled');

    const retry = await t.app.inject({ method: 'POST', url: `/api/tunix/runs/${run.run_id}/retry` });
    expect(retry.statusCode).toBe(202);
    expect(retry.json()).toMatchObject({ status: 'pending', retry_of: run.run_id, dataset_key: key });

    const del = await t.app.inject({ method: 'DELETE', url: `/api/tunix/runs/${run.run_id}` });
    expect(del.statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/tunix/runs/${run.run_id}` })).statusCode).toBe(404);
    // The retry survives its original (retry_of is cleared by the foreign key).
    expect((await t.app.inject({ url: `/api/tunix/runs/${retry.json().run_id}` })).json().retry_of).toBeNull();
  });

  it('409s cancelling a completed run', async () => {
    const run = (await post(t, '/api/tunix/run', { dataset_key: key, model_id: 'm' })).json();
    const res = await t.app.inject({ method: 'POST', url: `/api/tunix/runs/${run.run_id}/cancel` });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toBe(`Run ${run.run_id} is completed; only pending or running runs can be cancelled`);
  });
});
