import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRediHealth } from '@tunix-rt/core/redi/health';
import { type DatabaseHandle, migrateUp, openDatabase } from '@tunix-rt/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import type { AppContext } from '../src/context';
import { loadEnv } from '../src/env';
import type { TypedApp } from '../src/types';
import { createPgCluster, findPgBin, type PgCluster } from './fuzz/pg-cluster';
import { sampleTrace } from './harness';

/**
 * Database faults (RELIABILITY.md §2) on a PostgreSQL cluster of its own: under a mixed write
 * load the server is stopped cleanly, crashed (immediate stop) and frozen (SIGSTOP). While it is
 * away every request answers 503 with a `detail` (never a 500), /api/health reports
 * `database: "down"` within its ping timeout, and when it returns everything recovers without
 * a restart. Afterwards every acknowledged write — traces, batches, datasets, runs — is there.
 */
const PG_BIN = findPgBin();
if (!PG_BIN) {
  console.warn(
    '\n*** faults-db.int.test.ts SKIPPED: no PostgreSQL binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql) ***\n',
  );
}

interface Tally {
  sent: number;
  ok: number;
  unavailable: number;
  other: Record<string, number>;
}
const tally = (): Tally => ({ sent: 0, ok: 0, unavailable: 0, other: {} });

describe.skipIf(!PG_BIN)('database faults on a PostgreSQL cluster of its own', () => {
  let cluster: PgCluster;
  let database: DatabaseHandle;
  let app: TypedApp;
  let dataDir: string;
  const acked = { traces: new Set<string>(), datasets: new Map<string, number>(), runs: new Set<string>() };
  const phases: Record<string, Tally> = {};
  const bad: string[] = [];
  let datasetKey = '';
  let seq = 0;

  beforeAll(async () => {
    cluster = await createPgCluster(PG_BIN!);
    dataDir = await mkdtemp(join(tmpdir(), 'tunix-faults-'));
    const env = loadEnv(
      {
        DATABASE_URL: cluster.url,
        TUNIX_DATA_DIR: dataDir,
        TUNIX_CLI: join(dataDir, 'no-tunix'),
        // Fail fast while the server is gone instead of queueing for the 30 s default.
        DB_POOL_TIMEOUT: '2',
        TUNIX_HEARTBEAT_SECONDS: '1',
        TUNIX_STALE_SECONDS: '3',
        TUNIX_WRITE_RATE_LIMIT: '0',
      },
      '',
    );
    database = await openDatabase({ databaseUrl: cluster.url, poolMax: 10, connectionTimeoutMs: 2000 });
    await migrateUp(database.db as never);
    const ctx: AppContext = {
      env,
      database,
      rediHealth: createRediHealth({ mode: 'mock', healthUrl: 'http://127.0.0.1:1/health', cacheTtlSeconds: 30 }),
    };
    app = await buildApp(ctx, { serveWeb: false });
    await app.ready();
    const seed = await app.inject({ method: 'POST', url: '/api/traces', payload: sampleTrace() });
    acked.traces.add(seed.json().id);
    const built = await app.inject({
      method: 'POST',
      url: '/api/datasets/build',
      payload: { dataset_name: 'faults', dataset_version: 'v0', limit: 5 },
    });
    datasetKey = built.json().dataset_key;
    acked.datasets.set(datasetKey, built.json().trace_count);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    cluster?.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    console.log(
      `db faults: ${JSON.stringify(phases)}; acknowledged traces=${acked.traces.size} datasets=${acked.datasets.size} runs=${acked.runs.size}`,
    );
  });

  /** One request of the mixed load; records acknowledged writes and classifies the answer. */
  async function one(phase: Tally): Promise<void> {
    const n = seq++;
    const kind = n % 6;
    const res =
      kind === 0
        ? await app.inject({ method: 'POST', url: '/api/traces', payload: sampleTrace({ prompt: `p${n}` }) })
        : kind === 1
          ? await app.inject({ method: 'POST', url: '/api/traces/batch', payload: [sampleTrace(), sampleTrace()] })
          : kind === 2
            ? await app.inject({ url: '/api/traces?limit=5' })
            : kind === 3
              ? await app.inject({
                  method: 'POST',
                  url: '/api/tunix/run',
                  payload: { dataset_key: datasetKey, model_id: 'm', dry_run: true },
                })
              : kind === 4
                ? await app.inject({
                    method: 'POST',
                    url: '/api/datasets/build',
                    payload: { dataset_name: 'faults', dataset_version: `v${n}`, limit: 3 },
                  })
                : await app.inject({ url: `/api/datasets/${datasetKey}/export.jsonl` });
    phase.sent++;
    if (res.statusCode < 300) {
      phase.ok++;
      const body = String(res.headers['content-type']).includes('json') ? res.json() : undefined;
      if (kind === 0) acked.traces.add(body.id);
      if (kind === 1) for (const t of body.traces) acked.traces.add(t.id);
      if (kind === 3) acked.runs.add(body.run_id);
      if (kind === 4) acked.datasets.set(body.dataset_key, body.trace_count);
      return;
    }
    if (res.statusCode === 503) {
      phase.unavailable++;
      const detail = res.json().detail;
      if (typeof detail !== 'string' || !detail) bad.push(`503 without detail: ${res.payload}`);
      return;
    }
    phase.other[res.statusCode] = (phase.other[res.statusCode] ?? 0) + 1;
    bad.push(`${res.statusCode} on kind ${kind}: ${res.payload.slice(0, 300)}`);
  }

  /** Runs `workers` request loops for `ms` (each bounded to 500 requests too). */
  async function load(name: string, ms: number, workers = 6): Promise<Tally> {
    const phase = tally();
    phases[name] = phase;
    const deadline = Date.now() + ms;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let i = 0; i < 500 && Date.now() < deadline; i++) await one(phase);
      }),
    );
    return phase;
  }

  async function health(): Promise<{ ms: number; database: string }> {
    const start = Date.now();
    const res = await app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('healthy');
    return { ms: Date.now() - start, database: res.json().database };
  }

  async function waitForDatabase(state: 'up' | 'down', ms = 30_000): Promise<number> {
    const start = Date.now();
    while (Date.now() - start < ms) {
      if ((await health()).database === state) return Date.now() - start;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`database never reported ${state}`);
  }

  it.each([
    ['clean stop (pg_ctl -m fast)', 'fast'],
    ['crash (pg_ctl -m immediate, WAL recovery on start)', 'immediate'],
  ] as const)('%s mid-load: 503s with detail, health down, recovery on its own', async (name, mode) => {
    expect((await health()).database).toBe('up');
    const during = load(`${mode}: under fault`, 2500);
    await new Promise((r) => setTimeout(r, 400));
    cluster.stop(mode);
    const down = await health();
    expect(down.database).toBe('down');
    expect(down.ms).toBeLessThan(1500);
    await during;
    expect(phases[`${mode}: under fault`]!.unavailable, name).toBeGreaterThan(0);
    cluster.start();
    await waitForDatabase('up');
    const after = await load(`${mode}: after recovery`, 1500);
    // Writes go through again without restarting the app: the pool replaced its dead connections.
    expect(after.ok).toBe(after.sent);
    expect(bad).toEqual([]);
  });

  it('a frozen database (SIGSTOP) is reported down within the ping timeout, and recovers', async () => {
    cluster.freeze();
    try {
      const frozen = await health();
      expect(frozen.database).toBe('down');
      expect(frozen.ms).toBeLessThan(1500);
    } finally {
      cluster.thaw();
    }
    await waitForDatabase('up');
    const after = await load('freeze: after thaw', 1000);
    expect(after.ok).toBe(after.sent);
    expect(bad).toEqual([]);
  });

  it('lost no acknowledged write: every trace, dataset (with its members) and run is there', async () => {
    const db = database.db;
    const ids = [...acked.traces];
    const found = await db.selectFrom('traces').select('id').where('id', 'in', ids).execute();
    expect(found.length).toBe(ids.length);
    for (const [key, count] of acked.datasets) {
      const members = await db.selectFrom('dataset_traces').select('trace_id').where('dataset_key', '=', key).execute();
      expect(members.length, key).toBe(count);
    }
    const runIds = [...acked.runs];
    expect(runIds.length).toBeGreaterThan(0);
    const runs = await db.selectFrom('tunix_runs').select(['run_id', 'status']).where('run_id', 'in', runIds).execute();
    expect(runs.length).toBe(runIds.length);
    // Acknowledged sync dry-runs answered with their final state; it must be what is stored.
    expect(runs.filter((r) => r.status === 'running' || r.status === 'pending')).toEqual([]);
  });
});
