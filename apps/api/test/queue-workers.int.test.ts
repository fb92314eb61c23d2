import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunsTestApp, FAKE_TUNIX, makeDataset, type RunsTestApp, waitFor, waitForRun } from './fixtures/runs';

// Separate `tunix-rt worker` processes against one PostgreSQL database. An embedded PGlite
// database belongs to a single process, so this file only runs with TEST_DATABASE_URL.
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const CLI = fileURLToPath(new URL('../../cli/bin/tunix-rt.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const TIMING = { TUNIX_HEARTBEAT_SECONDS: '1', TUNIX_STALE_SECONDS: '3' };

interface WorkerProcess {
  child: ChildProcess;
  id: string;
  exited: Promise<number | null>;
}

let t: RunsTestApp;
let key: string;
const workers: WorkerProcess[] = [];

async function startWorker(): Promise<WorkerProcess> {
  const url = (t.ctx.database as unknown as { url: string }).url;
  const child = spawn(process.execPath, [CLI, 'worker'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url,
      TUNIX_CLI: FAKE_TUNIX,
      TUNIX_DATA_DIR: t.dataDir,
      TUNIX_WORKER_CONCURRENCY: '4',
      // Slower than any wait below: jobs reach these workers through NOTIFY, not the poll.
      TUNIX_QUEUE_POLL_MS: '60000',
      TUNIX_CANCEL_GRACE_SECONDS: '1',
      TUNIX_SHUTDOWN_GRACE_SECONDS: '1',
      TUNIX_RUN_TIMEOUT_SECONDS: '120',
      ...TIMING,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  const id = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const match = /tunix-rt worker (\S+) started/.exec(out);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`worker exited with ${code}: ${stderr}`)));
  });
  const worker = { child, id, exited };
  workers.push(worker);
  return worker;
}

beforeAll(async () => {
  if (!onPostgres) return;
  t = await createRunsTestApp(TIMING);
  key = await makeDataset(t, 2);
  await Promise.all([startWorker(), startWorker()]);
}, 60_000);

afterAll(async () => {
  for (const w of workers) w.child.kill('SIGKILL');
  await t?.close();
});

const db = () => t.ctx.database.db;
const submit = async (body: Record<string, unknown>) => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/tunix/run?mode=async',
    payload: { dataset_key: key, model_id: 'fake', ...body },
  });
  expect(res.statusCode).toBe(202);
  return res.json().run_id as string;
};
const runRow = (runId: string) =>
  db().selectFrom('tunix_runs').selectAll().where('run_id', '=', runId).executeTakeFirstOrThrow();
const ownerOf = (runId: string) =>
  waitFor(async () => {
    const row = await runRow(runId);
    return row.status === 'running' && row.worker_id ? workers.find((w) => w.id === row.worker_id) : undefined;
  });
/** The fake trainer reports its pid; an orphaned trainer (its worker was SIGKILLed) is stopped here. */
async function killTrainer(runId: string) {
  const logs = await db().selectFrom('run_logs').select('data').where('run_id', '=', runId).execute();
  const pid = /"pid":(\d+)/.exec(logs.map((l) => l.data).join(''))?.[1];
  if (pid) {
    try {
      process.kill(-Number(pid), 'SIGKILL');
    } catch {}
  }
}
const waitStarted = (runId: string) =>
  waitFor(async () => {
    const logs = await db().selectFrom('run_logs').select('data').where('run_id', '=', runId).execute();
    return logs.some((l) => l.data.includes('"step":1'));
  });

describe.skipIf(!onPostgres)(
  'worker processes (PostgreSQL; skipped on PGlite: an embedded database is single-process)',
  () => {
    it('wakes idle workers in other processes with NOTIFY instead of their 60 s poll', async () => {
      const runId = await submit({ model_id: 'woken' });
      expect((await waitForRun(t, runId, 15_000)).status).toBe('completed');
    });

    it('executes 200 queued dry-runs, each exactly once, spread over two processes', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 200; i++) ids.push(await submit({ model_id: `m${i}` }));
      await waitFor(
        async () => {
          const row = await db()
            .selectFrom('tunix_runs')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('run_id', 'in', ids)
            .where('status', '=', 'completed')
            .executeTakeFirstOrThrow();
          return Number(row.n) === 200;
        },
        90_000,
        250,
      );
      const rows = await db()
        .selectFrom('tunix_runs')
        .select(['attempt', 'worker_id'])
        .where('run_id', 'in', ids)
        .execute();
      expect(rows.every((r) => r.attempt === 1)).toBe(true);
      expect(new Set(rows.map((r) => r.worker_id))).toEqual(new Set(workers.map((w) => w.id)));
      const claims = await sql<{ run_id: string; n: number }>`
      SELECT run_id, (sum(length(data) - length(replace(data, 'Run started by worker', ''))) / 21)::int AS n
      FROM run_logs WHERE run_id = ANY(${ids}::uuid[]) AND stream = 'system' GROUP BY run_id`.execute(db());
      expect(claims.rows).toHaveLength(200);
      expect(claims.rows.every((r) => r.n === 1)).toBe(true);
    });

    it('cancels a run executing in another process', async () => {
      const runId = await submit({ model_id: 'fake sleep=30 steps=30', dry_run: false });
      await ownerOf(runId);
      await waitStarted(runId);
      const res = await t.app.inject({ method: 'POST', url: `/api/tunix/runs/${runId}/cancel` });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'cancelled', exit_code: -15 });
    });

    it('settles the run of a SIGKILLed worker within the stale bound', async () => {
      const runId = await submit({ model_id: 'fake sleep=60 steps=60', dry_run: false });
      const owner = await ownerOf(runId);
      await waitStarted(runId);
      owner.child.kill('SIGKILL');
      await owner.exited;
      const killedAt = Date.now();
      try {
        const done = await waitForRun(t, runId, 20_000);
        // Stale after 3 s, found by a reaper ticking every 1 s (in any live process).
        expect(Date.now() - killedAt).toBeLessThan(8_000);
        expect(done.status).toBe('failed');
        expect(done.message).toBe(
          `Worker ${owner.id} stopped responding (no heartbeat for 3 s); the run was marked failed`,
        );
      } finally {
        await killTrainer(runId);
        workers.splice(workers.indexOf(owner), 1);
      }
      await startWorker();
    });

    it('on SIGTERM a worker requeues its in-flight run after the grace period; another worker finishes it', async () => {
      const runId = await submit({ model_id: 'fake sleep=4 steps=8', dry_run: false });
      const owner = await ownerOf(runId);
      await waitStarted(runId);
      owner.child.kill('SIGTERM');
      expect(await owner.exited).toBe(0);
      workers.splice(workers.indexOf(owner), 1);
      const done = await waitForRun(t, runId, 30_000);
      expect(done.status).toBe('completed');
      const row = await runRow(runId);
      expect(row.attempt).toBe(2);
      expect(row.worker_id).not.toBe(owner.id);
      const logs = await db().selectFrom('run_logs').select('data').where('run_id', '=', runId).execute();
      expect(logs.map((l) => l.data).join('')).toContain('Stopped: the worker is shutting down');
      await startWorker();
    });
  },
);
