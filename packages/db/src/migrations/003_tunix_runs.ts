import { type Kysely, sql } from 'kysely';

// DATA.md §3 plus what the reference lost (output_dir, message, config) and lineage
// (dataset_hash). started_at is nullable: a queued run has not started yet.
// Each list filter has an index ending in the sort key, so filtered pages are index scans.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE tunix_runs (
      run_id UUID PRIMARY KEY,
      dataset_key VARCHAR(256) NOT NULL,
      model_id VARCHAR(256) NOT NULL,
      mode VARCHAR(16) NOT NULL,
      status VARCHAR(16) NOT NULL,
      exit_code INTEGER,
      started_at TIMESTAMPTZ,
      completed_at TIMESTAMPTZ,
      duration_seconds DOUBLE PRECISION,
      stdout TEXT NOT NULL,
      stderr TEXT NOT NULL,
      created_at TIMESTAMPTZ NOT NULL,
      output_dir TEXT NOT NULL,
      message TEXT NOT NULL,
      dataset_hash CHAR(64),
      manifest_yaml TEXT,
      config JSONB NOT NULL,
      retry_of UUID REFERENCES tunix_runs(run_id) ON DELETE SET NULL,
      max_retries INTEGER NOT NULL DEFAULT 0,
      attempt INTEGER NOT NULL DEFAULT 0,
      worker_id TEXT,
      heartbeat_at TIMESTAMPTZ,
      cancel_requested BOOLEAN NOT NULL DEFAULT FALSE
    )`.execute(db);
  await sql`CREATE INDEX ix_tunix_runs_created_at ON tunix_runs (created_at DESC, run_id DESC)`.execute(db);
  await sql`CREATE INDEX ix_tunix_runs_dataset_key ON tunix_runs (dataset_key, created_at DESC, run_id DESC)`.execute(
    db,
  );
  await sql`CREATE INDEX ix_tunix_runs_status ON tunix_runs (status, created_at DESC, run_id DESC)`.execute(db);
  await sql`CREATE INDEX ix_tunix_runs_mode ON tunix_runs (mode, created_at DESC, run_id DESC)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE tunix_runs`.execute(db);
}
