import { type Static, Type } from '@sinclair/typebox';
import { Nullable, Pagination, Timestamp, Uuid } from './common';

export const TunixStatus = Type.Object({
  available: Type.Boolean(),
  version: Nullable(Type.String()),
  runtime_required: Type.Boolean(),
  message: Type.String(),
});
export type TunixStatus = Static<typeof TunixStatus>;

export const SftExportRequest = Type.Object(
  {
    dataset_key: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 256 }))),
    trace_ids: Type.Optional(Nullable(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 10_000 }))),
    limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 100 }),
  },
  { additionalProperties: false },
);
export type SftExportRequest = Static<typeof SftExportRequest>;

/** Hyperparameters shared by the manifest and run requests (API.md §6.3–6.4). */
export const Hyperparameters = {
  learning_rate: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 2e-5 }),
  num_epochs: Type.Integer({ minimum: 1, maximum: 100, default: 3 }),
  batch_size: Type.Integer({ minimum: 1, maximum: 512, default: 8 }),
  max_seq_length: Type.Integer({ minimum: 128, maximum: 32_768, default: 2048 }),
};

export const ManifestRequest = Type.Object(
  {
    dataset_key: Type.String({ minLength: 1, maxLength: 256 }),
    model_id: Type.String({ minLength: 1, maxLength: 256 }),
    output_dir: Type.String({ minLength: 1, maxLength: 512 }),
    ...Hyperparameters,
  },
  { additionalProperties: false },
);
export type ManifestRequest = Static<typeof ManifestRequest>;

export const ManifestResponse = Type.Object({
  manifest_yaml: Type.String(),
  dataset_key: Type.String(),
  model_id: Type.String(),
  format: Type.Literal('tunix_sft'),
  message: Type.String(),
});
export type ManifestResponse = Static<typeof ManifestResponse>;

export const RUN_STATUSES = ['pending', 'running', 'completed', 'failed', 'timeout', 'cancelled'] as const;
export const RunStatus = Type.Union(RUN_STATUSES.map((s) => Type.Literal(s)));
export type RunStatus = (typeof RUN_STATUSES)[number];
export const TERMINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'timeout', 'cancelled'];

export const RUN_MODES = ['dry-run', 'local'] as const;
export const RunMode = Type.Union(RUN_MODES.map((m) => Type.Literal(m)));
export type RunMode = (typeof RUN_MODES)[number];

export const RunRequest = Type.Object(
  {
    dataset_key: Type.String({ minLength: 1, maxLength: 256 }),
    model_id: Type.String({ minLength: 1, maxLength: 256 }),
    output_dir: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 512 }))),
    dry_run: Type.Boolean({ default: true }),
    ...Hyperparameters,
    max_retries: Type.Integer({
      minimum: 0,
      maximum: 5,
      default: 0,
      description: 'async runs: retries after a worker crash (extension)',
    }),
  },
  { additionalProperties: false },
);
export type RunRequest = Static<typeof RunRequest>;

export const RunQuery = Type.Object({
  mode: Type.Optional(Type.Union([Type.Literal('sync'), Type.Literal('async')])),
});

/** TunixRunResponse (API.md §6.4), plus lineage and retry fields (extensions). */
export const Run = Type.Object({
  run_id: Uuid,
  status: RunStatus,
  mode: RunMode,
  dataset_key: Type.String(),
  model_id: Type.String(),
  output_dir: Type.String(),
  exit_code: Nullable(Type.Integer()),
  stdout: Type.String(),
  stderr: Type.String(),
  duration_seconds: Nullable(Type.Number()),
  started_at: Nullable(Timestamp),
  completed_at: Nullable(Timestamp),
  message: Type.String(),
  created_at: Type.Optional(Timestamp),
  dataset_hash: Type.Optional(Nullable(Type.String())),
  retry_of: Type.Optional(Nullable(Uuid)),
});
export type Run = Static<typeof Run>;

export const RunListItem = Type.Object({
  run_id: Uuid,
  dataset_key: Type.String(),
  model_id: Type.String(),
  mode: RunMode,
  status: RunStatus,
  started_at: Nullable(Timestamp),
  duration_seconds: Nullable(Type.Number()),
  created_at: Type.Optional(Timestamp),
});
export type RunListItem = Static<typeof RunListItem>;

export const RunListQuery = Type.Object({
  limit: Type.Integer({ default: 20 }),
  offset: Type.Integer({ default: 0 }),
  status: Type.Optional(Type.Union([RunStatus, Type.Literal('')])),
  mode: Type.Optional(Type.Union([RunMode, Type.Literal('')])),
  dataset_key: Type.Optional(Type.String({ maxLength: 256 })),
});
export type RunListQuery = Static<typeof RunListQuery>;

export const RunList = Type.Object({ data: Type.Array(RunListItem), pagination: Pagination });
export type RunList = Static<typeof RunList>;

export const RunIdParams = Type.Object({ run_id: Uuid });

/** Small polling shape for `GET /api/tunix/runs/{id}/status` (extension). */
export const RunStatusView = Type.Object({
  run_id: Uuid,
  status: RunStatus,
  exit_code: Nullable(Type.Integer()),
  started_at: Nullable(Timestamp),
  completed_at: Nullable(Timestamp),
  duration_seconds: Nullable(Type.Number()),
});
export type RunStatusView = Static<typeof RunStatusView>;

export const LOG_STREAMS = ['stdout', 'stderr', 'system'] as const;
export const RunLogChunk = Type.Object({
  seq: Type.Integer(),
  stream: Type.Union(LOG_STREAMS.map((s) => Type.Literal(s))),
  data: Type.String(),
  created_at: Timestamp,
});
export type RunLogChunk = Static<typeof RunLogChunk>;

/** `GET /api/tunix/runs/{id}/logs?offset=&limit=`: chunks with seq > offset, in order. */
export const RunLogsQuery = Type.Object({
  offset: Type.Integer({ minimum: 0, default: 0 }),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 500 }),
});
export const RunLogsPage = Type.Object({
  run_id: Uuid,
  chunks: Type.Array(RunLogChunk),
  next_offset: Type.Integer({ description: 'pass as offset to continue' }),
  done: Type.Boolean({ description: 'true when the run has ended and every chunk was returned' }),
});
export type RunLogsPage = Static<typeof RunLogsPage>;

/**
 * Trainer metric convention: a stdout line that is a JSON object with a numeric `step`
 * and at least one other numeric field (e.g. {"step": 10, "loss": 1.23}).
 */
export const RunMetricPoint = Type.Object({
  step: Type.Integer(),
  values: Type.Record(Type.String(), Type.Number()),
  created_at: Timestamp,
});
export const RunMetrics = Type.Object({ run_id: Uuid, points: Type.Array(RunMetricPoint) });
export type RunMetrics = Static<typeof RunMetrics>;
