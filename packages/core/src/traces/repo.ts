import type { TracePayload } from '@tunix-rt/contract';
import type { Db } from '../context';

export interface TraceRow {
  id: string;
  created_at: Date;
  trace_version: string;
  payload: TracePayload;
}

export interface NewTrace {
  id: string;
  created_at: Date;
  payload: TracePayload;
}

/** One multi-row INSERT: all rows or none. */
export async function insertTraces(db: Db, traces: NewTrace[]): Promise<void> {
  if (traces.length === 0) return;
  await db
    .insertInto('traces')
    .values(
      traces.map((t) => ({
        id: t.id,
        created_at: t.created_at,
        trace_version: t.payload.trace_version,
        payload: JSON.stringify(t.payload),
      })),
    )
    .execute();
}

export async function findTrace(db: Db, id: string): Promise<TraceRow | undefined> {
  const row = await db.selectFrom('traces').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { ...row, payload: storedPayload(row.payload) };
}

/** JSONB does not keep key order; restore the documented order (FORMATS.md §1.2) on read. */
export function storedPayload(raw: unknown): TracePayload {
  const p = raw as TracePayload;
  return {
    trace_version: p.trace_version,
    prompt: p.prompt,
    final_answer: p.final_answer,
    steps: p.steps.map((s) => ({ i: s.i, type: s.type, content: s.content })),
    meta: p.meta ?? null,
  };
}

export async function listTraces(db: Db, limit: number, offset: number) {
  return db
    .selectFrom('traces')
    .select(['id', 'created_at', 'trace_version'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function insertScore(
  db: Db,
  score: { id: string; trace_id: string; criteria: string; score: number; details: object; created_at: Date },
): Promise<void> {
  await db
    .insertInto('scores')
    .values({ ...score, details: JSON.stringify(score.details) })
    .execute();
}
