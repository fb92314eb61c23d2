import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createPgCluster, findPgBin, freePort, type PgCluster } from './fuzz/pg-cluster';
import { sampleTrace } from './harness';

/**
 * Process faults (RELIABILITY.md §3) on the real product, `tunix-rt start`: SIGTERM under load
 * drains in-flight requests and exits 0; SIGKILL under load leaves nothing that stops the next
 * start; after either, every acknowledged write is there and no run is left `running`. And a
 * server on PostgreSQL survives the database restarting under it (it used to exit).
 */
const BIN = join(import.meta.dirname, '../../cli/bin/tunix-rt.mjs');
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

interface Server {
  child: ChildProcess;
  base: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

async function start(dataDir: string, port: number, extra: Record<string, string> = {}): Promise<Server> {
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: {
      ...process.env,
      TUNIX_DATA_DIR: dataDir,
      BACKEND_PORT: String(port),
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
      TUNIX_WRITE_RATE_LIMIT: '0',
      TUNIX_CLI: join(dataDir, 'no-tunix'),
      ...extra,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + d).slice(-10_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr}`);
    if (
      await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, base, exited, stderr: () => stderr };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not become healthy: ${stderr}`);
}

const post = (base: string, path: string, body: unknown) =>
  fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Mixed writes from `workers` clients until `until()`; records what the server acknowledged. */
function writeLoad(base: string, datasetKey: string, until: () => boolean, workers = 6) {
  const acked = { traces: new Set<string>(), runs: new Set<string>() };
  const outcome = { sent: 0, ok: 0, unavailable: 0, refused: 0, other: [] as string[] };
  let n = 0;
  const done = Promise.all(
    Array.from({ length: workers }, async () => {
      for (let i = 0; i < 2000 && !until(); i++) {
        const kind = n++ % 3;
        outcome.sent++;
        try {
          const res =
            kind === 0
              ? await post(base, '/api/traces', sampleTrace({ prompt: `w${n}` }))
              : kind === 1
                ? await post(base, '/api/traces/batch', [sampleTrace(), sampleTrace(), sampleTrace()])
                : await post(base, '/api/tunix/run', { dataset_key: datasetKey, model_id: 'm' });
          const text = await res.text();
          if (res.status < 300) {
            outcome.ok++;
            const body = JSON.parse(text);
            if (kind === 0) acked.traces.add(body.id);
            if (kind === 1) for (const t of body.traces) acked.traces.add(t.id);
            if (kind === 2) acked.runs.add(body.run_id);
          } else if (res.status === 503) outcome.unavailable++;
          else outcome.other.push(`${res.status} ${text.slice(0, 200)}`);
        } catch {
          // Connection refused/reset once the server has stopped listening: never acknowledged.
          outcome.refused++;
        }
      }
    }),
  );
  return { acked, outcome, done };
}

async function expectAllPresent(base: string, acked: { traces: Set<string>; runs: Set<string> }) {
  const missing: string[] = [];
  for (const id of acked.traces) if ((await fetch(`${base}/api/traces/${id}`)).status !== 200) missing.push(id);
  for (const id of acked.runs) if ((await fetch(`${base}/api/tunix/runs/${id}`)).status !== 200) missing.push(id);
  expect(missing).toEqual([]);
}

async function seedDataset(base: string): Promise<string> {
  await post(base, '/api/traces/batch', [sampleTrace(), sampleTrace()]);
  const built = await post(base, '/api/datasets/build', { dataset_name: 'proc', dataset_version: 'v1', limit: 2 });
  return ((await built.json()) as { dataset_key: string }).dataset_key;
}

// Each half runs in one leg of the suite (they manage their own databases; running both halves
// twice would only double the time): the embedded-database half without TEST_DATABASE_URL,
// the PostgreSQL half with it.
const PG_LEG = Boolean(process.env.TEST_DATABASE_URL);

describe.skipIf(PG_LEG)('tunix-rt start under process faults (embedded database)', () => {
  it('SIGTERM under load: in-flight requests finish, exit 0, every acknowledged write survives the restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tunix-sigterm-'));
    dirs.push(dataDir);
    const port = await freePort();
    const server = await start(dataDir, port);
    const key = await seedDataset(server.base);

    // A big batch is in flight when the signal arrives: it must be answered, and stored.
    const bigBatch = post(
      server.base,
      '/api/traces/batch',
      Array.from({ length: 1000 }, () => sampleTrace()),
    );
    let stopped = false;
    const load = writeLoad(server.base, key, () => stopped);
    await new Promise((r) => setTimeout(r, 700));
    server.child.kill('SIGTERM');
    const big = await bigBatch;
    expect(big.status).toBe(201);
    const bigIds = ((await big.json()) as { traces: { id: string }[] }).traces.map((t) => t.id);
    const exit = await Promise.race([server.exited, new Promise((r) => setTimeout(() => r('timeout'), 45_000))]);
    stopped = true;
    await load.done;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(load.outcome.ok).toBeGreaterThan(0);
    expect(load.outcome.other).toEqual([]);
    console.log(`SIGTERM under load: ${JSON.stringify(load.outcome)}`);

    const again = await start(dataDir, port);
    await expectAllPresent(again.base, load.acked);
    expect((await fetch(`${again.base}/api/traces/${bigIds[999]}`)).status).toBe(200);
    const running = await fetch(`${again.base}/api/tunix/runs?status=running&limit=100`).then((r) => r.json());
    expect((running as { data: unknown[] }).data).toEqual([]);
  });

  it('SIGKILL under load: the next start succeeds and every acknowledged write is there', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tunix-sigkill-'));
    dirs.push(dataDir);
    const port = await freePort();
    const server = await start(dataDir, port);
    const key = await seedDataset(server.base);
    let stopped = false;
    const load = writeLoad(server.base, key, () => stopped);
    await new Promise((r) => setTimeout(r, 1000));
    server.child.kill('SIGKILL');
    await server.exited;
    stopped = true;
    await load.done;
    expect(load.outcome.ok).toBeGreaterThan(0);
    console.log(`SIGKILL under load: ${JSON.stringify(load.outcome)}`);

    // Leftovers of the crash: the lock file, PGlite's files mid-write, runs marked running.
    const again = await start(dataDir, port);
    await expectAllPresent(again.base, load.acked);
    const after = await post(again.base, '/api/traces', sampleTrace());
    expect(after.status).toBe(201);
  });
});

const PG_BIN = findPgBin();
if (PG_LEG && !PG_BIN)
  console.warn('\n*** faults-process: PostgreSQL restart test SKIPPED: no PostgreSQL binaries ***\n');
describe.skipIf(!PG_LEG || !PG_BIN)('tunix-rt start on PostgreSQL while the database restarts', () => {
  let cluster: PgCluster | undefined;
  afterAll(() => cluster?.destroy());

  it('keeps running through a PostgreSQL stop/start under load, answering 503 meanwhile', async () => {
    cluster = await createPgCluster(PG_BIN!);
    const port = await freePort();
    const dataDir = await mkdtemp(join(tmpdir(), 'tunix-pgrestart-'));
    dirs.push(dataDir);
    const server = await start(dataDir, port, { DATABASE_URL: cluster.url, DB_POOL_TIMEOUT: '2' });
    const key = await seedDataset(server.base);
    let stopped = false;
    const load = writeLoad(server.base, key, () => stopped);
    await new Promise((r) => setTimeout(r, 700));
    cluster.stop('fast');
    await new Promise((r) => setTimeout(r, 1500));
    const health = (await fetch(`${server.base}/api/health`).then((r) => r.json())) as { database: string };
    expect(health.database).toBe('down');
    cluster.start();
    await new Promise((r) => setTimeout(r, 1000));
    stopped = true;
    await load.done;
    expect(server.child.exitCode, server.stderr()).toBeNull();
    expect(load.outcome.unavailable).toBeGreaterThan(0);
    expect(load.outcome.other).toEqual([]);
    console.log(`PostgreSQL restart under load: ${JSON.stringify(load.outcome)}`);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const h = (await fetch(`${server.base}/api/health`).then((r) => r.json())) as { database: string };
      if (h.database === 'up') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await post(server.base, '/api/traces', sampleTrace())).status).toBe(201);
    await expectAllPresent(server.base, load.acked);
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });
});
