import { type Kysely, sql } from 'kysely';

// The trace list reads (created_at, id, trace_version) newest first. Carrying trace_version in
// the sort index makes every page an index-only scan: deep offsets step over index entries
// instead of visiting ~1 KB heap rows, and the planner never falls back to a sequential scan
// and sort. The covering index replaces the plain one under the same name (same keys, same
// order), so ingest still maintains a single sort index.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX ix_traces_created_at`.execute(db);
  await sql`CREATE INDEX ix_traces_created_at ON traces (created_at DESC, id DESC) INCLUDE (trace_version)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX ix_traces_created_at`.execute(db);
  await sql`CREATE INDEX ix_traces_created_at ON traces (created_at DESC, id DESC)`.execute(db);
}
