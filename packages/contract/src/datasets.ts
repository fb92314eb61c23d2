import { type Static, Type } from '@sinclair/typebox';
import { Nullable, Timestamp, Uuid } from './common';

/** D2: safe for use as a path segment; `..` is additionally rejected in code. */
export const DATASET_KEY_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$';
export const DatasetKey = Type.String({ pattern: DATASET_KEY_PATTERN, maxLength: 128 });

export const SelectionStrategy = Type.Union([Type.Literal('latest'), Type.Literal('random')]);

export const DatasetBuildRequest = Type.Object(
  {
    dataset_name: Type.String({ minLength: 1, maxLength: 128 }),
    dataset_version: Type.String({ minLength: 1, maxLength: 64 }),
    filters: Type.Record(Type.String(), Type.Unknown(), { default: {}, maxProperties: 32 }),
    limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 100 }),
    selection_strategy: Type.Union([Type.Literal('latest'), Type.Literal('random')], { default: 'latest' }),
    seed: Type.Optional(Nullable(Type.Integer())),
    session_id: Type.Optional(Nullable(Type.String({ maxLength: 128 }))),
    parent_dataset_id: Type.Optional(Nullable(Type.String({ maxLength: 256 }))),
    training_run_id: Type.Optional(Nullable(Type.String({ maxLength: 128 }))),
  },
  { additionalProperties: false },
);
export type DatasetBuildRequest = Static<typeof DatasetBuildRequest>;

export const DatasetBuildResponse = Type.Object({
  dataset_key: Type.String(),
  build_id: Uuid,
  trace_count: Type.Integer(),
  manifest_path: Type.String(),
  content_hash: Type.Optional(Type.String()),
});
export type DatasetBuildResponse = Static<typeof DatasetBuildResponse>;

export const DatasetStats = Type.Object({
  trace_count: Type.Integer(),
  avg_step_count: Type.Number(),
  min_step_count: Type.Integer(),
  max_step_count: Type.Integer(),
  avg_total_chars: Type.Number(),
});
export type DatasetStats = Static<typeof DatasetStats>;

/** Dataset manifest (FORMATS.md §6) plus the content hash (D2). */
export const DatasetManifest = Type.Object({
  dataset_key: Type.String(),
  build_id: Uuid,
  dataset_name: Type.String(),
  dataset_version: Type.String(),
  dataset_schema_version: Type.String(),
  created_at: Timestamp,
  filters: Type.Record(Type.String(), Type.Unknown()),
  selection_strategy: SelectionStrategy,
  seed: Nullable(Type.Integer()),
  trace_ids: Type.Array(Uuid),
  trace_count: Type.Integer(),
  stats: DatasetStats,
  session_id: Nullable(Type.String()),
  parent_dataset_id: Nullable(Type.String()),
  training_run_id: Nullable(Type.String()),
  content_hash: Type.String(),
});
export type DatasetManifest = Static<typeof DatasetManifest>;

/** Extension: list of datasets for the UI/CLI (the reference had none). */
export const DatasetSummary = Type.Object({
  dataset_key: Type.String(),
  dataset_name: Type.String(),
  dataset_version: Type.String(),
  created_at: Timestamp,
  selection_strategy: SelectionStrategy,
  seed: Nullable(Type.Integer()),
  trace_count: Type.Integer(),
  content_hash: Type.String(),
});
export type DatasetSummary = Static<typeof DatasetSummary>;

export const ExportFormat = Type.Union([
  Type.Literal('trace'),
  Type.Literal('tunix_sft'),
  Type.Literal('training_example'),
]);
export type ExportFormat = Static<typeof ExportFormat>;

export const DatasetKeyParams = Type.Object({ dataset_key: Type.String({ minLength: 1, maxLength: 256 }) });
export const DatasetExportQuery = Type.Object({ format: Type.Optional(ExportFormat) });

export const DatasetList = Type.Object({
  data: Type.Array(DatasetSummary),
  pagination: Type.Object({ limit: Type.Integer(), offset: Type.Integer(), next_offset: Nullable(Type.Integer()) }),
});
export type DatasetList = Static<typeof DatasetList>;
