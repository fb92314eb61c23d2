/**
 * Soak test (RELIABILITY.md §5): starts the real product (`tunix-rt start`) on a fresh
 * PostgreSQL database, drives a mixed load for N minutes — ingest (single and batch), list,
 * fetch, dataset build, JSONL export, sync dry-runs, run history — and reports errors, p99 per
 * minute (first vs last: latency drift) and the server's RSS per minute (memory drift). At the end
 * it checks that every acknowledged write is stored and that SIGTERM exits cleanly.
 *
 *   node --import tsx scripts/soak.ts --minutes 10 [--concurrency 8]
 *        [--database-url postgres://postgres@127.0.0.1:55440/postgres] [--json report.json]
 *
 * Exit status 1 when any request failed (5xx, network error, unexpected status) or a write was lost.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '8' },
    'database-url': {
      type: 'string',
      default:
        process.env.SOAK_DATABASE_URL ??
        process.env.TEST_DATABASE_URL ??
        'postgres://postgres@127.0.0.1:55440/postgres',
    },
    json: { type: 'string' },
  },
});
const MINUTES = Number(args.minutes);
const CONCURRENCY = Number(args.concurrency);
if (!(MINUTES > 0 && MINUTES <= 24 * 60) || !(CONCURRENCY >= 1 && CONCURRENCY <= 256)) {
  console.error('usage: --minutes 0.1..1440 --concurrency 1..256');
  process.exit(2);
}
const BIN = new URL('../apps/cli/bin/tunix-rt.mjs', import.meta.url).pathname;
const MAX_REQUESTS = 20_000_000; // a bound on top of the time limit

type Op = 'ingest' | 'batch' | 'list' | 'get' | 'build' | 'export' | 'dry-run' | 'runs';
const WEIGHTS: [Op, number][] = [
  ['ingest', 25],
  ['batch', 8],
  ['list', 20],
  ['get', 12],
  ['build', 3],
  ['export', 12],
  ['dry-run', 10],
  ['runs', 10],
];

interface Minute {
  latencies: number[];
  byOp: Partial<Record<Op, number>>;
  errors: number;
  rss: number[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const rssMb = (pid: number): number | undefined => {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const trace = (n: number) => ({
  trace_version: '1.0',
  prompt: `Soak prompt ${n}: what is ${n} + ${n}?`,
  final_answer: String(2 * n),
  steps: [
    { i: 0, type: 'parse', content: `Read the two numbers ${n} and ${n}` },
    { i: 1, type: 'compute', content: `Add them: ${2 * n}` },
  ],
  meta: { source: 'soak', bucket: n % 7 },
});

async function main(): Promise<number> {
  const serverUrl = args['database-url']!;
  const dbName = `tunix_soak_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${dbName}`;

  const dataDir = mkdtempSync(join(tmpdir(), 'tunix-soak-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(process.execPath, [BIN, 'start'], {
    env: {
      ...process.env,
      DATABASE_URL: dbUrl.toString(),
      BACKEND_PORT: String(port),
      TUNIX_DATA_DIR: dataDir,
      TUNIX_CLI: join(dataDir, 'no-tunix'),
      TUNIX_WRITE_RATE_LIMIT: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let serverStderr = '';
  server.stderr?.on('data', (d) => {
    serverStderr = (serverStderr + d).slice(-20_000);
  });
  let exit: { code: number | null; signal: string | null } | undefined;
  server.on('exit', (code, signal) => {
    exit = { code, signal };
  });

  const cleanup = async () => {
    if (!exit) server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await c.end();
  };

  try {
    for (let i = 0; i < 300 && !exit; i++) {
      if (
        await fetch(`${base}/api/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    if (exit) throw new Error(`server exited during start-up: ${serverStderr}`);

    const post = (path: string, body: unknown) =>
      fetch(base + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const seeded = (await (
      await post(
        '/api/traces/batch',
        Array.from({ length: 50 }, (_, n) => trace(n)),
      )
    ).json()) as {
      traces: { id: string }[];
    };
    const ackedTraces = new Set(seeded.traces.map((t) => t.id));
    const traceIds = [...ackedTraces];
    const datasets = new Map<string, number>();
    const build = async (version: string) => {
      const res = await post('/api/datasets/build', { dataset_name: 'soak', dataset_version: version, limit: 50 });
      const body = (await res.json()) as { dataset_key: string; trace_count: number };
      datasets.set(body.dataset_key, body.trace_count);
      return { res, key: body.dataset_key };
    };
    const firstDataset = (await build('v0')).key;
    const ackedRuns = new Set<string>();

    const started = Date.now();
    const deadline = started + MINUTES * 60_000;
    const minutes: Minute[] = [];
    const lastMinute = Math.max(0, Math.ceil(MINUTES) - 1);
    const minute = (at: number) => {
      // Requests still in flight at the deadline finish a little after it: they count in the
      // last minute instead of opening a nearly empty bucket that would skew "last minute".
      const idx = Math.min(lastMinute, Math.floor((at - started) / 60_000));
      minutes[idx] ??= { latencies: [], byOp: {}, errors: 0, rss: [] };
      return minutes[idx]!;
    };
    const errors: string[] = [];
    let count = 0;
    let seq = 1000;

    const sampler = setInterval(() => {
      const mb = server.pid ? rssMb(server.pid) : undefined;
      if (mb !== undefined && Date.now() < deadline) minute(Date.now()).rss.push(mb);
    }, 2000);

    const totalWeight = WEIGHTS.reduce((n, [, w]) => n + w, 0);
    const pick = (): Op => {
      let r = Math.random() * totalWeight;
      for (const [op, w] of WEIGHTS) {
        r -= w;
        if (r < 0) return op;
      }
      return 'list';
    };

    async function request(op: Op): Promise<{ status: number; ok: boolean }> {
      const n = seq++;
      switch (op) {
        case 'ingest': {
          const res = await post('/api/traces', trace(n));
          if (res.status === 201) ackedTraces.add(((await res.json()) as { id: string }).id);
          else await res.text();
          return { status: res.status, ok: res.status === 201 };
        }
        case 'batch': {
          const res = await post('/api/traces/batch', [
            trace(n),
            trace(n + 1),
            trace(n + 2),
            trace(n + 3),
            trace(n + 4),
          ]);
          if (res.status === 201)
            for (const t of ((await res.json()) as { traces: { id: string }[] }).traces) ackedTraces.add(t.id);
          else await res.text();
          return { status: res.status, ok: res.status === 201 };
        }
        case 'list': {
          const res = await fetch(`${base}/api/traces?limit=20&offset=${n % 200}`);
          await res.text();
          return { status: res.status, ok: res.status === 200 };
        }
        case 'get': {
          const res = await fetch(`${base}/api/traces/${traceIds[n % traceIds.length]}`);
          await res.text();
          return { status: res.status, ok: res.status === 200 };
        }
        case 'build': {
          const { res } = await build(`v${n}`);
          return { status: res.status, ok: res.status === 201 };
        }
        case 'export': {
          const format = ['trace', 'tunix_sft', 'training_example'][n % 3];
          const res = await fetch(`${base}/api/datasets/${firstDataset}/export.jsonl?format=${format}`);
          const text = await res.text();
          return { status: res.status, ok: res.status === 200 && text.split('\n').length === 51 };
        }
        case 'dry-run': {
          const res = await post('/api/tunix/run', { dataset_key: firstDataset, model_id: 'google/gemma-2b-it' });
          const body = (await res.json()) as { run_id?: string; status?: string };
          if (res.status === 200 && body.run_id) ackedRuns.add(body.run_id);
          return { status: res.status, ok: res.status === 200 && body.status === 'completed' };
        }
        case 'runs': {
          const res = await fetch(`${base}/api/tunix/runs?limit=20&status=completed`);
          await res.text();
          return { status: res.status, ok: res.status === 200 };
        }
      }
    }

    console.log(`soak: ${MINUTES} min, ${CONCURRENCY} clients against ${base} (database ${dbName})`);
    const progress = setInterval(() => {
      // The minute that has just ended (the timer drifts, so not simply the last one).
      const idx = Math.round((Date.now() - started) / 60_000) - 1;
      const m = minutes[idx];
      if (m) {
        const sorted = [...m.latencies].sort((a, b) => a - b);
        console.log(
          `  minute ${idx + 1}: ${m.latencies.length} req, p99 ${percentile(sorted, 99).toFixed(1)} ms, ` +
            `errors ${m.errors}, rss ${m.rss.at(-1)?.toFixed(0) ?? '?'} MB`,
        );
      }
    }, 60_000);

    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (Date.now() < deadline && count < MAX_REQUESTS && !exit) {
          count++;
          const op = pick();
          const t0 = performance.now();
          let outcome: { status: number; ok: boolean };
          try {
            outcome = await request(op);
          } catch (error) {
            outcome = { status: 0, ok: false };
            if (errors.length < 50) errors.push(`${op}: ${(error as Error).message}`);
          }
          const m = minute(Date.now() - 1);
          m.latencies.push(performance.now() - t0);
          m.byOp[op] = (m.byOp[op] ?? 0) + 1;
          if (!outcome.ok) {
            m.errors++;
            if (errors.length < 50 && outcome.status !== 0) errors.push(`${op}: HTTP ${outcome.status}`);
          }
        }
      }),
    );
    clearInterval(sampler);
    clearInterval(progress);
    if (exit) errors.push(`server exited during the soak: ${JSON.stringify(exit)} ${serverStderr.slice(-2000)}`);

    // Every acknowledged write must be stored.
    const check = new pg.Client({ connectionString: dbUrl.toString() });
    await check.connect();
    const storedTraces = (
      await check.query('SELECT count(*)::int AS n FROM traces WHERE id = ANY($1::uuid[])', [[...ackedTraces]])
    ).rows[0].n as number;
    const storedRuns = (
      await check.query('SELECT count(*)::int AS n FROM tunix_runs WHERE run_id = ANY($1::uuid[])', [[...ackedRuns]])
    ).rows[0].n as number;
    let datasetMismatch = 0;
    for (const [key, n] of datasets) {
      const members = (await check.query('SELECT count(*)::int AS n FROM dataset_traces WHERE dataset_key = $1', [key]))
        .rows[0].n as number;
      if (members !== n) datasetMismatch++;
    }
    const stuckRuns = (
      await check.query(`SELECT count(*)::int AS n FROM tunix_runs WHERE status IN ('running','pending')`)
    ).rows[0].n as number;
    await check.end();

    // Graceful shutdown.
    const stopStart = Date.now();
    const exited = new Promise<void>((resolve) => {
      if (exit) resolve();
      else server.once('exit', () => resolve());
    });
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 60_000))]);
    const stopMs = Date.now() - stopStart;

    const rows = minutes.map((m, i) => {
      const sorted = [...m.latencies].sort((a, b) => a - b);
      const rss = m.rss.length ? m.rss.reduce((a, b) => a + b, 0) / m.rss.length : Number.NaN;
      return {
        minute: i + 1,
        requests: m.latencies.length,
        errors: m.errors,
        p50_ms: +percentile(sorted, 50).toFixed(2),
        p99_ms: +percentile(sorted, 99).toFixed(2),
        max_ms: +(sorted.at(-1) ?? Number.NaN).toFixed(2),
        rss_mb: +rss.toFixed(1),
        by_op: m.byOp,
      };
    });
    const first = rows[0]!;
    const last = rows.at(-1)!;
    const totalErrors = rows.reduce((n, r) => n + r.errors, 0);
    const lost = ackedTraces.size - storedTraces + (ackedRuns.size - storedRuns) + datasetMismatch;
    const report = {
      minutes: MINUTES,
      concurrency: CONCURRENCY,
      requests: rows.reduce((n, r) => n + r.requests, 0),
      errors: totalErrors,
      error_samples: errors.slice(0, 20),
      p99_first_minute_ms: first.p99_ms,
      p99_last_minute_ms: last.p99_ms,
      p99_drift: +(last.p99_ms / first.p99_ms).toFixed(2),
      rss_first_minute_mb: first.rss_mb,
      rss_last_minute_mb: last.rss_mb,
      rss_drift_mb: +(last.rss_mb - first.rss_mb).toFixed(1),
      acknowledged: { traces: ackedTraces.size, runs: ackedRuns.size, datasets: datasets.size },
      stored: { traces: storedTraces, runs: storedRuns, datasets_with_wrong_membership: datasetMismatch },
      lost,
      runs_left_running_or_pending: stuckRuns,
      sigterm: { exit, ms: stopMs },
      per_minute: rows,
    };

    console.log('\nminute  requests  errors   p50 ms   p99 ms   max ms   rss MB');
    for (const r of rows)
      console.log(
        `${String(r.minute).padStart(6)}  ${String(r.requests).padStart(8)}  ${String(r.errors).padStart(6)}  ` +
          `${r.p50_ms.toFixed(1).padStart(7)}  ${r.p99_ms.toFixed(1).padStart(7)}  ${r.max_ms.toFixed(1).padStart(7)}  ${r.rss_mb.toFixed(0).padStart(7)}`,
      );
    console.log(
      `\nrequests ${report.requests}, errors ${totalErrors}; p99 ${first.p99_ms} → ${last.p99_ms} ms (×${report.p99_drift}); ` +
        `RSS ${first.rss_mb} → ${last.rss_mb} MB (${report.rss_drift_mb >= 0 ? '+' : ''}${report.rss_drift_mb} MB)`,
    );
    console.log(
      `acknowledged traces ${ackedTraces.size} (stored ${storedTraces}), runs ${ackedRuns.size} (stored ${storedRuns}), ` +
        `datasets ${datasets.size} (membership mismatches ${datasetMismatch}); lost ${lost}; ` +
        `runs left running/pending ${stuckRuns}; SIGTERM → exit ${JSON.stringify(exit)} in ${stopMs} ms`,
    );
    if (errors.length) console.log(`error samples:\n  ${errors.slice(0, 20).join('\n  ')}`);
    if (args.json) writeFileSync(args.json, JSON.stringify(report, null, 2));
    return totalErrors === 0 && lost === 0 && exit?.code === 0 ? 0 : 1;
  } finally {
    await cleanup();
  }
}

process.exitCode = await main();
