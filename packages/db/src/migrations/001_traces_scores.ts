import { type Kysely, sql } from 'kysely';

// Tables of DATA.md §1–2. `payload` is JSONB (not JSON) so meta filters run in SQL;
// the (created_at, id) index serves newest-first listing with a deterministic tie-breaker.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE traces (
      id UUID PRIMARY KEY,
      created_at TIMESTAMPTZ NOT NULL,
      trace_version VARCHAR(64) NOT NULL,
      payload JSONB NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX ix_traces_created_at ON traces (created_at DESC, id DESC)`.execute(db);
  await sql`
    CREATE TABLE scores (
      id UUID PRIMARY KEY,
      trace_id UUID NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
      criteria VARCHAR(64) NOT NULL,
      score DOUBLE PRECISION NOT NULL,
      details JSONB,
      created_at TIMESTAMPTZ NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX ix_scores_trace_id ON scores (trace_id)`.execute(db);
  await sql`CREATE INDEX ix_scores_criteria ON scores (criteria)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE scores`.execute(db);
  await sql`DROP TABLE traces`.execute(db);
}
