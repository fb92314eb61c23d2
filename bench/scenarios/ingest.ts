import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { BenchEnv } from '../env';
import { copyFrom, copyText } from '../lib/copy';
import { startServer } from '../lib/product';
import { fmt, type Row, type Section } from '../lib/report';
import { apiTrace } from '../lib/seed';
import { medianOf, repeat } from '../lib/stats';
import { SERVER_POOL, type Target, withDb } from '../lib/target';

const BATCH = 1000;

/** Runs `tasks` with at most `concurrency` in flight; returns elapsed seconds. */
async function pooled(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
  return (performance.now() - t0) / 1000;
}

function storedRow(n: number): string {
  const t = apiTrace(n);
  // The stored payload shape (FORMATS.md §1.2), serialised as the API would store it.
  const payload = JSON.stringify({
    trace_version: t.trace_version,
    prompt: t.prompt,
    final_answer: t.final_answer,
    steps: t.steps,
    meta: t.meta,
  });
  return `${randomUUID()}\t${new Date().toISOString()}\t1.0\t${copyText(payload)}\n`;
}

/** The database's own ingest rate for the same rows: COPY on PostgreSQL, one INSERT…SELECT on PGlite. */
async function rawBatch(kind: Target['kind'], pool: pg.Pool, batch: Buffer | string): Promise<void> {
  if (kind === 'postgres') {
    await copyFrom(pool, 'COPY traces (id, created_at, trace_version, payload) FROM STDIN', batch as Buffer);
    return;
  }
  await pool.query(
    `INSERT INTO traces (id, created_at, trace_version, payload)
     SELECT id, created_at, trace_version, payload FROM json_populate_recordset(NULL::traces, $1::json)`,
    [batch],
  );
}

export async function ingestScenario(env: BenchEnv, target: Target, log: (s: string) => void): Promise<Section> {
  const { ingestTraces, ingestConcurrency } = env.sizes;
  const batches = Math.max(1, Math.round(ingestTraces / BATCH));
  const total = batches * BATCH;
  // Ten distinct batches reused round-robin: content does not change the cost, memory stays small.
  const bodies = Array.from({ length: 10 }, (_, b) =>
    JSON.stringify(Array.from({ length: BATCH }, (_, i) => apiTrace(b * BATCH + i))),
  );
  log(`ingest: body of one batch = ${fmt.int(Buffer.byteLength(bodies[0]!) / BATCH)} B per trace`);

  const rawMethod = target.kind === 'postgres' ? 'COPY … FROM STDIN' : 'INSERT … SELECT json_populate_recordset';
  const raw = await withDb(
    target,
    async ({ pool }) =>
      repeat(env.reps, async () => {
        log(`ingest: raw ${rawMethod}, ${fmt.int(total)} rows`);
        const data = Array.from({ length: batches }, (_, b) => {
          const rows = Array.from({ length: BATCH }, (_, i) => b * BATCH + i);
          if (target.kind === 'postgres') return Buffer.from(rows.map(storedRow).join(''));
          return JSON.stringify(
            rows.map((n) => ({ id: randomUUID(), created_at: new Date(), trace_version: '1.0', payload: apiTrace(n) })),
          );
        });
        const seconds = await pooled(batches, ingestConcurrency, (i) => rawBatch(target.kind, pool, data[i]!));
        return total / seconds;
      }),
    SERVER_POOL,
  );

  const server = await startServer(target.env);
  let http: number[];
  try {
    http = await repeat(env.reps, async () => {
      log(`ingest: POST /api/traces/batch, ${fmt.int(total)} traces`);
      const seconds = await pooled(batches, ingestConcurrency, async (i) => {
        const res = await fetch(`${server.url}/api/traces/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: bodies[i % bodies.length],
        });
        if (res.status !== 201) throw new Error(`batch ingest: HTTP ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      });
      return total / seconds;
    });
  } finally {
    await server.stop();
  }
  const rate = medianOf(http, (r) => r);
  const limit = medianOf(raw, (r) => r);
  const ratio = rate / limit;
  const row: Row = {
    scenario: `POST /api/traces/batch (1 KB × ${BATCH}, ${ingestConcurrency} in flight)`,
    result: `${fmt.int(rate)} traces/s`,
    limit: `${rawMethod}: ${fmt.int(limit)} rows/s`,
    ratio,
    target: '≥ 20,000/s, ≥ 0.2×',
    met: rate >= 20_000 && ratio >= 0.2,
  };
  return {
    rows: [row],
    notes: [
      `Ingest: ${fmt.int(total)} traces per repetition in batches of ${BATCH}, ${ingestConcurrency} requests (or ` +
        `raw statements) in flight. The raw limit sends the same rows pre-serialised, without HTTP or validation.`,
    ],
  };
}
