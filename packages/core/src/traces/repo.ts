import type { TracePayload } from '@tunix-rt/contract';
import { sql } from 'kysely';
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

/**
 * One statement, all rows or none. The rows travel as a single JSON parameter expanded by
 * json_to_recordset: a 1000-trace batch is one bind value instead of 4000, so neither Kysely's
 * compiler nor the server's parse/bind scales with the batch, and payloads are serialised once.
 */
export async function insertTraces(db: Db, traces: NewTrace[]): Promise<void> {
  if (traces.length === 0) return;
  const rows = traces.map((t) => ({
    id: t.id,
    created_at: t.created_at.toISOString(),
    trace_version: t.payload.trace_version,
    payload: t.payload,
  }));
  await sql`
    INSERT INTO traces (id, created_at, trace_version, payload)
    SELECT r.id, r.created_at, r.trace_version, r.payload
    FROM json_to_recordset(${JSON.stringify(rows)}::json)
      AS r(id uuid, created_at timestamptz, trace_version varchar(64), payload jsonb)`.execute(db);
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

/** A page of traces, newest first; the covering sort index makes it index-only at any depth. */
export function tracePageQuery(db: Db, limit: number, offset: number) {
  return db
    .selectFrom('traces')
    .select(['id', 'created_at', 'trace_version'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset);
}

export async function listTraces(db: Db, limit: number, offset: number) {
  return tracePageQuery(db, limit, offset).execute();
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
