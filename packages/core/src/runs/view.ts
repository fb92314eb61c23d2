import type { Run, RunListItem, RunMode, RunStatus, RunStatusView } from '@tunix-rt/contract';
import type { RunRow } from './repo';

// Rows → response shapes. Timestamps are ISO-8601 UTC with milliseconds (D1).

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

export function toRun(row: RunRow): Run {
  return {
    run_id: row.run_id,
    status: row.status as RunStatus,
    mode: row.mode as RunMode,
    dataset_key: row.dataset_key,
    model_id: row.model_id,
    output_dir: row.output_dir,
    exit_code: row.exit_code,
    stdout: row.stdout,
    stderr: row.stderr,
    duration_seconds: row.duration_seconds,
    started_at: iso(row.started_at),
    completed_at: iso(row.completed_at),
    message: row.message,
    created_at: iso(row.created_at)!,
    dataset_hash: row.dataset_hash?.trim() ?? null,
    retry_of: row.retry_of,
  };
}

export function toListItem(
  row: Pick<
    RunRow,
    'run_id' | 'dataset_key' | 'model_id' | 'mode' | 'status' | 'started_at' | 'duration_seconds' | 'created_at'
  >,
): RunListItem {
  return {
    run_id: row.run_id,
    dataset_key: row.dataset_key,
    model_id: row.model_id,
    mode: row.mode as RunMode,
    status: row.status as RunStatus,
    started_at: iso(row.started_at),
    duration_seconds: row.duration_seconds,
    created_at: iso(row.created_at)!,
  };
}

export function toStatusView(row: RunRow): RunStatusView {
  return {
    run_id: row.run_id,
    status: row.status as RunStatus,
    exit_code: row.exit_code,
    started_at: iso(row.started_at),
    completed_at: iso(row.completed_at),
    duration_seconds: row.duration_seconds,
  };
}
