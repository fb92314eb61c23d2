import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface TracesTable {
  id: string;
  created_at: Timestamp;
  trace_version: string;
  payload: Json;
}

export interface ScoresTable {
  id: string;
  trace_id: string;
  criteria: string;
  score: number;
  details: Json | null;
  created_at: Timestamp;
}

export interface DatasetsTable {
  dataset_key: string;
  build_id: string;
  dataset_name: string;
  dataset_version: string;
  dataset_schema_version: string;
  created_at: Timestamp;
  filters: Json<Record<string, unknown>>;
  selection_strategy: string;
  seed: ColumnType<string | null, number | string | null, number | string | null>;
  trace_count: number;
  stats: Json<Record<string, number>>;
  session_id: string | null;
  parent_dataset_id: string | null;
  training_run_id: string | null;
  content_hash: string;
}

export interface DatasetTracesTable {
  dataset_key: string;
  position: number;
  trace_id: string;
}

export interface TunixRunsTable {
  run_id: string;
  dataset_key: string;
  model_id: string;
  mode: string;
  status: string;
  exit_code: number | null;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
  duration_seconds: number | null;
  stdout: string;
  stderr: string;
  created_at: Timestamp;
  output_dir: string;
  message: string;
  dataset_hash: string | null;
  manifest_yaml: string | null;
  config: Json<Record<string, unknown>>;
  retry_of: string | null;
  max_retries: number;
  attempt: number;
  worker_id: string | null;
  heartbeat_at: Timestamp | null;
  cancel_requested: boolean;
}

export interface RunLogsTable {
  run_id: string;
  seq: Generated<string>;
  stream: string;
  data: string;
  created_at: Timestamp;
}

export interface RunMetricsTable {
  run_id: string;
  seq: Generated<string>;
  step: number;
  values: Json<Record<string, number>>;
  created_at: Timestamp;
}

export interface Database {
  traces: TracesTable;
  scores: ScoresTable;
  datasets: DatasetsTable;
  dataset_traces: DatasetTracesTable;
  tunix_runs: TunixRunsTable;
  run_logs: RunLogsTable;
  run_metrics: RunMetricsTable;
}
