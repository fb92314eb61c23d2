import { RUN_MODES, RUN_STATUSES } from '@tunix-rt/contract';
import type { RunRow } from '@tunix-rt/core/runs/repo';
import { countsByStatusAndMode } from '@tunix-rt/core/runs/repo';
import type { Database } from '@tunix-rt/db';
import { type Kysely, sql } from 'kysely';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics for one app instance (its own registry, so several apps in one test
 * process do not collide). Run counts and queue depth are read from the database at scrape
 * time, so they are right across every api/worker process; the duration histogram and the
 * finished counter count the runs this process executed.
 */
export interface AppMetrics {
  registry: Registry;
  observeHttp(method: string, route: string, status: number, seconds: number): void;
  runFinished(row: RunRow): void;
}

export function createMetrics(db: Kysely<Database>): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  new Gauge({
    name: 'tunix_runs',
    help: 'Runs in the registry by status and mode',
    labelNames: ['status', 'mode'],
    registers: [registry],
    async collect() {
      this.reset();
      // Every combination is exported (0 included) so dashboards see series before the first run.
      for (const status of RUN_STATUSES) for (const mode of RUN_MODES) this.set({ status, mode }, 0);
      for (const row of await countsByStatusAndMode(db)) this.set({ status: row.status, mode: row.mode }, row.n);
    },
  });
  new Gauge({
    name: 'tunix_run_queue_depth',
    help: 'Runs waiting for a worker (status pending)',
    registers: [registry],
    async collect() {
      const row = await db
        .selectFrom('tunix_runs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      this.set(Number(row.n));
    },
  });
  new Gauge({
    name: 'tunix_db_latency_seconds',
    help: 'Round trip of SELECT 1 measured at scrape time',
    registers: [registry],
    async collect() {
      const started = performance.now();
      await sql`SELECT 1`.execute(db);
      this.set((performance.now() - started) / 1000);
    },
  });
  const duration = new Histogram({
    name: 'tunix_run_duration_seconds',
    help: 'Duration of runs finished by this process',
    labelNames: ['mode', 'status'],
    buckets: [0.01, 0.1, 0.5, 1, 5, 15, 30, 60, 300, 900, 3600],
    registers: [registry],
  });
  const finished = new Counter({
    name: 'tunix_runs_finished_total',
    help: 'Runs finished by this process, by mode and final status',
    labelNames: ['mode', 'status'],
    registers: [registry],
  });
  const http = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });

  return {
    registry,
    observeHttp: (method, route, status, seconds) =>
      http.observe({ method, route, status_code: String(status) }, seconds),
    runFinished: (row) => {
      finished.inc({ mode: row.mode, status: row.status });
      if (row.duration_seconds !== null) duration.observe({ mode: row.mode, status: row.status }, row.duration_seconds);
    },
  };
}
