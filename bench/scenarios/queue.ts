import { performance } from 'node:perf_hooks';
import type { BenchEnv } from '../env';
import { type CpuGroups, type CpuSnapshot, cpuBound, cpuPerUnit, cpuSnapshot } from '../lib/cpu';
import { type Proc, productEnv, routeExists, type Server, spawnCli, startServer } from '../lib/product';
import { fmt, type Section } from '../lib/report';
import { seedTraces } from '../lib/seed';
import { median, percentile, repeat } from '../lib/stats';
import { type Target, withDb } from '../lib/target';

const WORKERS = 2;
const ENQUEUE_CONCURRENCY = 10;
/** Dry-runs each worker executes at once (their own lane; the default). */
const DRY_RUN_SLOTS = 8;
const DATASET_TRACES = 100;

interface ListedRun {
  run_id: string;
  status: string;
  created_at?: string;
  started_at: string | null;
  duration_seconds: number | null;
}

async function json<T>(res: Response, expect: number, what: string): Promise<T> {
  if (res.status !== expect) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function workerCommandExists(): Promise<boolean> {
  const proc = spawnCli(['worker', '--help'], productEnv({}));
  const code = await proc.exited;
  return code === 0;
}

async function runsOf(server: Server, datasetKey: string, status?: string): Promise<ListedRun[]> {
  const out: ListedRun[] = [];
  for (let offset = 0; ; offset += 100) {
    const q = `limit=100&offset=${offset}&dataset_key=${datasetKey}${status ? `&status=${status}` : ''}`;
    const page = await json<{ data: ListedRun[]; pagination: { next_offset: number | null } }>(
      await fetch(`${server.url}/api/tunix/runs?${q}`),
      200,
      'list runs',
    );
    out.push(...page.data);
    if (page.pagination.next_offset === null) return out;
  }
}

async function anyRun(server: Server, datasetKey: string, status: string): Promise<boolean> {
  const page = await json<{ data: ListedRun[] }>(
    await fetch(`${server.url}/api/tunix/runs?limit=1&dataset_key=${datasetKey}&status=${status}`),
    200,
    'list runs',
  );
  return page.data.length > 0;
}

/** One repetition: enqueue `count` async dry-runs of a fresh dataset and wait for all of them. */
async function oneRound(
  server: Server,
  count: number,
  rep: number,
  log: (s: string) => void,
  meter: () => CpuSnapshot,
) {
  const version = `v${rep}-${Date.now()}`;
  const built = await json<{ dataset_key: string }>(
    await fetch(`${server.url}/api/datasets/build`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        dataset_name: 'bench-queue',
        dataset_version: version,
        filters: {},
        limit: DATASET_TRACES,
      }),
    }),
    201,
    'build dataset',
  );
  const key = built.dataset_key;
  const body = JSON.stringify({ dataset_key: key, model_id: 'google/gemma-2b-it', dry_run: true });
  let next = 0;
  const cpuBefore = meter();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: ENQUEUE_CONCURRENCY }, async () => {
      while (next < count) {
        next++;
        await json(
          await fetch(`${server.url}/api/tunix/run?mode=async`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          }),
          202,
          'enqueue run',
        );
      }
    }),
  );
  const enqueueSeconds = (performance.now() - t0) / 1000;
  // Bounded: generous for the size, so a stuck queue fails the bench instead of hanging it.
  const deadline = Date.now() + 60_000 + count * 200;
  // Waiting costs two one-row list queries per 50 ms, so the bench's polling adds little to
  // the CPU measured per run.
  while ((await anyRun(server, key, 'pending')) || (await anyRun(server, key, 'running'))) {
    if (Date.now() > deadline) throw new Error('queue: runs still open at the deadline');
    await new Promise((r) => setTimeout(r, 50));
  }
  const cpu = cpuPerUnit(cpuBefore, meter(), count);
  const runs = await runsOf(server, key);
  const created = runs.map((r) => Date.parse(r.created_at ?? ''));
  const started = runs.map((r) => Date.parse(r.started_at ?? ''));
  const finished = runs.map((r, i) => started[i]! + (r.duration_seconds ?? 0) * 1000);
  const waits = runs.map((_, i) => started[i]! - created[i]!);
  const span = (Math.max(...finished) - Math.min(...created)) / 1000;
  const failed = runs.filter((r) => r.status !== 'completed').length;
  log(
    `queue: ${runs.length} runs in ${span.toFixed(2)} s (enqueue ${enqueueSeconds.toFixed(2)} s), ${failed} not completed`,
  );
  return { rate: runs.length / span, p50: percentile(waits, 50), p99: percentile(waits, 99), failed, cpu };
}

export async function queueScenario(env: BenchEnv, target: Target, log: (s: string) => void): Promise<Section> {
  const count = env.sizes.queueRuns;
  const embedded = target.kind === 'pglite';
  const scenario = `${fmt.int(count)} async dry-runs, ${embedded ? 'the server’s embedded worker' : `${WORKERS} workers`}`;
  const unavailable = (why: string): Section => ({
    rows: [{ scenario, result: 'not available', target: '≥ 500 runs/s, p50 ≤ 50 ms' }],
    notes: [`Queue: **not available** — ${why}.`],
  });
  if (!(await workerCommandExists())) return unavailable('`tunix-rt worker` does not exist in this build');

  // Each run validates a dataset of DATASET_TRACES traces; seed them when run on its own.
  await withDb(target, async ({ pool }) => {
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM traces');
    if (rows[0]!.n < DATASET_TRACES) await seedTraces(pool, rows[0]!.n + 1, DATASET_TRACES);
  });
  // Embedded: one process per data directory, so the server's own worker runs the runs.
  const server = await startServer({
    ...target.env,
    TUNIX_EMBEDDED_WORKER: embedded ? 'true' : 'false',
    TUNIX_WORKER_CONCURRENCY: '2',
    TUNIX_DRY_RUN_CONCURRENCY: String(DRY_RUN_SLOTS),
  });
  const workers: Proc[] = [];
  try {
    if (!(await routeExists(server.url, 'POST', '/api/tunix/run?mode=async'))) {
      return unavailable('`POST /api/tunix/run?mode=async` does not exist in this build');
    }
    if (!embedded) {
      for (let i = 0; i < WORKERS; i++)
        workers.push(
          spawnCli(['worker'], productEnv({ ...target.env, TUNIX_DRY_RUN_CONCURRENCY: String(DRY_RUN_SLOTS) })),
        );
      // Measure the queue, not process start-up: wait until every worker says it started.
      const ready = Date.now() + 60_000;
      while (!workers.every((w) => /worker .* started/.test(w.output()))) {
        if (Date.now() > ready) throw new Error(`workers did not start:\n${workers.map((w) => w.output()).join('\n')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const groups: CpuGroups = embedded
      ? { server: [server.pid] }
      : { server: [server.pid], workers: workers.map((w) => w.pid) };
    const meter = () => cpuSnapshot(groups, !embedded);
    const rounds = await repeat(env.reps, (rep) => oneRound(server, count, rep, log, meter));
    // CPU per run, by process group, from the median round (by total): what 2 cores allow at best.
    const byTotal = [...rounds].sort((a, b) => cpuBound(a.cpu).totalMs - cpuBound(b.cpu).totalMs);
    const cpu = byTotal[Math.floor(byTotal.length / 2)]!.cpu;
    const bound = cpuBound(cpu);
    const rate = median(rounds.map((r) => r.rate));
    const p50 = median(rounds.map((r) => r.p50));
    const p99 = median(rounds.map((r) => r.p99));
    const failed = rounds.reduce((n, r) => n + r.failed, 0);
    return {
      rows: [
        {
          scenario,
          result: `${fmt.int(rate)} runs/s, enqueue→start p50 ${fmt.ms(p50)} ms, p99 ${fmt.ms(p99)} ms${failed ? `, ${failed} not completed` : ''}`,
          limit: `CPU bound ${fmt.int(bound.perSecond)} runs/s`,
          ratio: rate / bound.perSecond,
          target: '≥ 500 runs/s, p50 ≤ 50 ms',
          met: rate >= 500 && p50 <= 50,
        },
      ],
      notes: [
        `Queue CPU per run (median round): ${Object.entries(cpu)
          .map(([k, v]) => `${k} ${fmt.ms(v)} ms`)
          .join(', ')}; total ${fmt.ms(bound.totalMs)} ms. With ${bound.cores} cores doing nothing else the ` +
          `machine could complete at most ${fmt.int(bound.perSecond)} runs/s (the limit column): the load ` +
          `generator, the API server, the workers and PostgreSQL share the same cores.`,
        `Queue: ${fmt.int(count)} \`POST /api/tunix/run?mode=async\` dry-runs (${ENQUEUE_CONCURRENCY} in flight) per ` +
          `repetition; rate = runs ÷ (last completion − first enqueue); latency = started_at − created_at. ` +
          (embedded
            ? `Embedded database: the server’s own worker, ${DRY_RUN_SLOTS} dry-run slots.`
            : `${WORKERS} \`tunix-rt worker\` processes (${DRY_RUN_SLOTS} dry-run slots each, woken by NOTIFY), server worker off.`),
      ],
    };
  } finally {
    for (const w of workers) await w.stop();
    await server.stop();
  }
}
