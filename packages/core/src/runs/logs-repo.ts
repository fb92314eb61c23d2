import type { Db } from '../context';
import type { MetricPoint } from '../tunix/metric-line';

// run_logs / run_metrics: SQL only. `seq` comes from one BIGSERIAL, so within a run it is
// increasing (each run has a single writer flushing in order) but not contiguous.

export type LogStream = 'stdout' | 'stderr' | 'system';

export interface LogChunk {
  stream: LogStream;
  data: string;
  created_at: Date;
}

export async function appendLogs(db: Db, runId: string, chunks: LogChunk[]): Promise<void> {
  if (chunks.length === 0) return;
  await db
    .insertInto('run_logs')
    .values(chunks.map((c) => ({ run_id: runId, stream: c.stream, data: c.data, created_at: c.created_at })))
    .execute();
}

export async function logsAfter(db: Db, runId: string, afterSeq: number, limit: number) {
  const rows = await db
    .selectFrom('run_logs')
    .select(['seq', 'stream', 'data', 'created_at'])
    .where('run_id', '=', runId)
    .where('seq', '>', String(afterSeq))
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

export interface StoredPoint extends MetricPoint {
  created_at: Date;
}

export async function appendMetrics(db: Db, runId: string, points: StoredPoint[]): Promise<void> {
  if (points.length === 0) return;
  await db
    .insertInto('run_metrics')
    .values(
      points.map((p) => ({ run_id: runId, step: p.step, values: JSON.stringify(p.values), created_at: p.created_at })),
    )
    .execute();
}

export async function metricsOf(db: Db, runId: string, limit: number) {
  return db
    .selectFrom('run_metrics')
    .select(['step', 'values', 'created_at'])
    .where('run_id', '=', runId)
    .orderBy('seq')
    .limit(limit)
    .execute();
}
