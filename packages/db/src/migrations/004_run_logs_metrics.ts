import { type Kysely, sql } from 'kysely';

// Full run output (the 10 KB stdout/stderr columns stay as summaries) and trainer metrics.
// Kept in PostgreSQL so workers on other machines need no shared filesystem.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE run_logs (
      run_id UUID NOT NULL REFERENCES tunix_runs(run_id) ON DELETE CASCADE,
      seq BIGSERIAL,
      stream VARCHAR(6) NOT NULL,
      data TEXT NOT NULL,
      created_at TIMESTAMPTZ NOT NULL,
      PRIMARY KEY (run_id, seq)
    )`.execute(db);
  await sql`
    CREATE TABLE run_metrics (
      run_id UUID NOT NULL REFERENCES tunix_runs(run_id) ON DELETE CASCADE,
      seq BIGSERIAL,
      step INTEGER NOT NULL,
      values JSONB NOT NULL,
      created_at TIMESTAMPTZ NOT NULL,
      PRIMARY KEY (run_id, seq)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE run_metrics`.execute(db);
  await sql`DROP TABLE run_logs`.execute(db);
}
