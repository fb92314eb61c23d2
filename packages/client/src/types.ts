import type { Static } from '@sinclair/typebox';
import type {
  DatasetBuildRequest,
  ExportFormat,
  ManifestRequest,
  RunListQuery,
  RunRequest,
  ScoreRequest,
  SftExportRequest,
  UngarGenerateRequest,
  ValidationErrorItem as ValidationErrorItemSchema,
} from '@tunix-rt/contract';

/**
 * Request inputs are the contract's request types with every field that has a server-side
 * default made optional (TypeBox's `Static` keeps defaulted fields required).
 */
type WithDefaults<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

type HyperparameterKey = 'learning_rate' | 'num_epochs' | 'batch_size' | 'max_seq_length';

export type ValidationErrorItem = Static<typeof ValidationErrorItemSchema>;

export type DatasetBuildInput = WithDefaults<DatasetBuildRequest, 'filters' | 'limit' | 'selection_strategy'>;
export type SftExportInput = WithDefaults<SftExportRequest, 'limit'>;
export type ManifestInput = WithDefaults<ManifestRequest, HyperparameterKey>;
export type RunInput = WithDefaults<RunRequest, 'dry_run' | 'max_retries' | HyperparameterKey>;
export type UngarGenerateInput = WithDefaults<UngarGenerateRequest, 'persist'>;
export type ScoreInput = Partial<ScoreRequest>;

export interface PageParams {
  limit?: number;
  offset?: number;
}

/** Filters are exact matches; empty strings are dropped from the query string. */
export type RunListParams = Partial<RunListQuery>;

export interface UngarExportParams {
  limit?: number;
  trace_ids?: string[];
}

export interface RunLogsParams {
  offset?: number;
  limit?: number;
}

export interface RunOptions {
  /** `POST /api/tunix/run?mode=async`: enqueue and answer 202 with a pending run. */
  async?: boolean;
}

export type { ExportFormat };
