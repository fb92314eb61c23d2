import { type Kysely, sql } from 'kysely';

// Datasets are rows (D2): immutable, with ordered membership and a content hash.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE datasets (
      dataset_key VARCHAR(128) PRIMARY KEY,
      build_id UUID NOT NULL,
      dataset_name VARCHAR(128) NOT NULL,
      dataset_version VARCHAR(64) NOT NULL,
      dataset_schema_version VARCHAR(16) NOT NULL,
      created_at TIMESTAMPTZ NOT NULL,
      filters JSONB NOT NULL,
      selection_strategy VARCHAR(16) NOT NULL,
      seed BIGINT,
      trace_count INTEGER NOT NULL,
      stats JSONB NOT NULL,
      session_id VARCHAR(128),
      parent_dataset_id VARCHAR(256),
      training_run_id VARCHAR(128),
      content_hash CHAR(64) NOT NULL
    )`.execute(db);
  // Meta filters (dataset build, UNGAR export) use containment on this GIN index, then exact equality.
  await sql`CREATE INDEX ix_traces_meta ON traces USING GIN ((payload -> 'meta') jsonb_path_ops)`.execute(db);
  await sql`CREATE INDEX ix_datasets_created_at ON datasets (created_at DESC, dataset_key)`.execute(db);
  await sql`
    CREATE TABLE dataset_traces (
      dataset_key VARCHAR(128) NOT NULL REFERENCES datasets(dataset_key) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      trace_id UUID NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
      PRIMARY KEY (dataset_key, position)
    )`.execute(db);
  await sql`CREATE INDEX ix_dataset_traces_trace_id ON dataset_traces (trace_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE dataset_traces`.execute(db);
  await sql`DROP TABLE datasets`.execute(db);
  await sql`DROP INDEX ix_traces_meta`.execute(db);
}
