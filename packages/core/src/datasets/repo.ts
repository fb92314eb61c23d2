import { sql } from 'kysely';
import type { Db } from '../context';

export interface DatasetRow {
  dataset_key: string;
  build_id: string;
  dataset_name: string;
  dataset_version: string;
  dataset_schema_version: string;
  created_at: Date;
  filters: Record<string, unknown>;
  selection_strategy: string;
  seed: number | null;
  trace_count: number;
  stats: Record<string, number>;
  session_id: string | null;
  parent_dataset_id: string | null;
  training_run_id: string | null;
  content_hash: string;
}

/**
 * Ids of traces whose meta matches every filter, newest first. Containment (`@>`) uses the GIN
 * index; the equality check keeps the reference's semantics for arrays/objects (whole-value
 * equality, not subset). A missing key or a null meta reads as JSON null (API.md §5.1, §8 item 8).
 */
export async function matchingTraceIds(db: Db, filters: Record<string, unknown>, limit?: number): Promise<string[]> {
  let query = db.selectFrom('traces').select('id');
  for (const [key, value] of Object.entries(filters)) {
    const json = JSON.stringify(value ?? null);
    if (value !== null && typeof value !== 'object') {
      query = query.where(sql<boolean>`payload -> 'meta' @> jsonb_build_object(${key}::text, ${json}::jsonb)`);
    }
    query = query.where(sql<boolean>`coalesce(payload -> 'meta' -> ${key}::text, 'null'::jsonb) = ${json}::jsonb`);
  }
  query = query.orderBy('created_at', 'desc').orderBy('id', 'desc');
  if (limit !== undefined) query = query.limit(limit);
  return (await query.execute()).map((r) => r.id);
}

export async function datasetExists(db: Db, key: string): Promise<boolean> {
  return (
    (await db.selectFrom('datasets').select('dataset_key').where('dataset_key', '=', key).executeTakeFirst()) !==
    undefined
  );
}

export async function findDataset(db: Db, key: string): Promise<DatasetRow | undefined> {
  const row = await db.selectFrom('datasets').selectAll().where('dataset_key', '=', key).executeTakeFirst();
  return row && { ...row, seed: row.seed === null ? null : Number(row.seed) };
}

export async function listDatasets(db: Db, limit: number, offset: number): Promise<DatasetRow[]> {
  const rows = await db
    .selectFrom('datasets')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('dataset_key')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((row) => ({ ...row, seed: row.seed === null ? null : Number(row.seed) }));
}

/** Inserts the dataset row; returns false when the key already exists (immutability, D2). */
export async function insertDataset(db: Db, row: DatasetRow): Promise<boolean> {
  const result = await db
    .insertInto('datasets')
    .values({ ...row, filters: JSON.stringify(row.filters), stats: JSON.stringify(row.stats) })
    .onConflict((oc) => oc.column('dataset_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Ordered membership in one statement (positions are array order). */
export async function insertMembers(db: Db, key: string, traceIds: string[]): Promise<void> {
  if (traceIds.length === 0) return;
  await sql`
    INSERT INTO dataset_traces (dataset_key, position, trace_id)
    SELECT ${key}, m.ord - 1, m.id FROM unnest(${traceIds}::uuid[]) WITH ORDINALITY AS m(id, ord)`.execute(db);
}

/** Stats of FORMATS.md §6.3 computed in SQL: PostgreSQL's length() counts code points. */
export async function memberStats(db: Db, key: string) {
  const result = await sql<{
    n: number;
    avg_steps: number | null;
    min_steps: number | null;
    max_steps: number | null;
    avg_chars: number | null;
  }>`
    SELECT count(*)::int AS n,
           avg(s.steps)::float8 AS avg_steps, min(s.steps)::int AS min_steps, max(s.steps)::int AS max_steps,
           avg(s.chars)::float8 AS avg_chars
    FROM dataset_traces dt
    JOIN traces t ON t.id = dt.trace_id
    CROSS JOIN LATERAL (
      SELECT jsonb_array_length(t.payload -> 'steps') AS steps,
             length(t.payload ->> 'prompt') + length(t.payload ->> 'final_answer')
               + (SELECT coalesce(sum(length(step ->> 'content')), 0) FROM jsonb_array_elements(t.payload -> 'steps') step) AS chars
    ) s
    WHERE dt.dataset_key = ${key}`.execute(db);
  const r = result.rows[0]!;
  return {
    trace_count: r.n,
    avg_step_count: r.avg_steps ?? 0,
    min_step_count: r.min_steps ?? 0,
    max_step_count: r.max_steps ?? 0,
    avg_total_chars: r.avg_chars ?? 0,
  };
}

export interface MemberRow {
  position: number;
  id: string;
  created_at: Date;
  payload: unknown;
}

/** Members with a position in [from, from + size), in manifest order (positions are 0..n-1). */
export async function memberRange(db: Db, key: string, from: number, size: number): Promise<MemberRow[]> {
  return db
    .selectFrom('dataset_traces as dt')
    .innerJoin('traces as t', 't.id', 'dt.trace_id')
    .select(['dt.position', 't.id', 't.created_at', 't.payload'])
    .where('dt.dataset_key', '=', key)
    .where('dt.position', '>=', from)
    .where('dt.position', '<', from + size)
    .orderBy('dt.position')
    .execute();
}

export async function memberIds(db: Db, key: string): Promise<string[]> {
  const rows = await db
    .selectFrom('dataset_traces')
    .select('trace_id')
    .where('dataset_key', '=', key)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.trace_id);
}
