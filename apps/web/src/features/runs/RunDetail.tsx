import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TERMINAL_STATUSES } from '@tunix-rt/contract';
import { useEffect } from 'react';
import { useApi } from '../../shared/api';
import { failureText } from '../../shared/errors';
import { isActive, LIVE_REFRESH_MS, runKeys } from './keys';
import { RunLogs } from './RunLogs';
import { RunMetricsPanel } from './RunMetricsPanel';

export interface RunDetailProps {
  runId: string;
  /** Fetch and action errors are shown in the history's error banner (UI.md §3.9). */
  onError: (message: string | null) => void;
  onRetried: (newRunId: string) => void;
}

export function RunDetail({ runId, onError, onRetried }: RunDetailProps) {
  const api = useApi();
  const queryClient = useQueryClient();
  const detail = useQuery({
    queryKey: runKeys.detail(runId),
    queryFn: () => api.runs.get(runId),
    refetchInterval: (query) => (isActive(query.state.data?.status) ? LIVE_REFRESH_MS : false),
  });
  const detailError = detail.error;
  useEffect(() => {
    if (detailError) onError(failureText('Loading run details', detailError));
  }, [detailError, onError]);

  const refreshRuns = () => queryClient.invalidateQueries({ queryKey: runKeys.all });
  const cancel = useMutation({
    mutationFn: () => api.runs.cancel(runId),
    onSuccess: () => {
      onError(null);
      void refreshRuns();
    },
    onError: (e) => onError(failureText('Cancel', e)),
  });
  const retry = useMutation({
    mutationFn: () => api.runs.retry(runId),
    onSuccess: (newRun) => {
      onError(null);
      void refreshRuns();
      onRetried(newRun.run_id);
    },
    onError: (e) => onError(failureText('Retry', e)),
  });

  const run = detail.data;
  if (!run) return detail.isPending ? <p>Loading run details...</p> : null;
  const active = isActive(run.status);
  const finished = TERMINAL_STATUSES.includes(run.status);
  return (
    <div className="run-detail" data-testid={`tunix:run-detail-${runId}`}>
      <h4>Run Details</h4>
      <p>
        Run ID: <code>{run.run_id}</code>
      </p>
      <p>Message: {run.message}</p>
      {run.exit_code !== null && <p>Exit Code: {run.exit_code}</p>}
      {run.output_dir && <p>Output Directory: {run.output_dir}</p>}
      {run.dataset_hash && (
        <p>
          Dataset hash: <code>{run.dataset_hash.slice(0, 16)}</code>
        </p>
      )}
      {run.retry_of && (
        <p>
          Retry of: <code>{run.retry_of}</code>
        </p>
      )}
      <div className="actions">
        {active && (
          <button
            type="button"
            className="danger"
            data-testid={`tunix:cancel-btn-${runId}`}
            disabled={cancel.isPending}
            onClick={() => cancel.mutate()}
          >
            {cancel.isPending ? 'Cancelling...' : 'Cancel'}
          </button>
        )}
        {finished && (
          <button
            type="button"
            data-testid={`tunix:retry-btn-${runId}`}
            disabled={retry.isPending}
            onClick={() => retry.mutate()}
          >
            {retry.isPending ? 'Retrying...' : 'Retry'}
          </button>
        )}
      </div>
      <RunMetricsPanel runId={runId} active={active} />
      <RunLogs runId={runId} active={active} />
      {run.stdout && (
        <details>
          <summary>Standard Output</summary>
          <pre className="log scroll" data-testid={`tunix:detail-stdout-${runId}`}>
            {run.stdout}
          </pre>
        </details>
      )}
      {run.stderr && (
        <details>
          <summary>Standard Error</summary>
          <pre className="log scroll" data-testid={`tunix:detail-stderr-${runId}`}>
            {run.stderr}
          </pre>
        </details>
      )}
    </div>
  );
}
