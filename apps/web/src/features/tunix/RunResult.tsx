import type { Run, RunStatus } from '@tunix-rt/contract';
import { formatDuration } from '../../shared/format';

const HEADINGS: Record<RunStatus, string> = {
  pending: 'Run Queued',
  running: 'Run In Progress',
  completed: 'Run Completed',
  failed: 'Run Failed',
  timeout: 'Run Timed Out',
  cancelled: 'Run Cancelled',
};

export function RunResult({ run }: { run: Run }) {
  return (
    <div className={`result run-result run-${run.status}`} data-testid="tunix:run-result">
      <h3>{HEADINGS[run.status] ?? `Run ${run.status}`}</h3>
      <p data-testid="tunix:run-id">
        Run ID: <code>{run.run_id}</code>
      </p>
      <p data-testid="tunix:run-status">Status: {run.status}</p>
      <p data-testid="tunix:run-mode">Mode: {run.mode}</p>
      <p data-testid="tunix:run-duration">Duration: {formatDuration(run.duration_seconds)}</p>
      {run.exit_code !== null && <p data-testid="tunix:run-exit-code">Exit Code: {run.exit_code}</p>}
      <p data-testid="tunix:run-message">Message: {run.message}</p>
      {run.stdout && (
        <details>
          <summary>Standard Output</summary>
          <pre className="log" data-testid="tunix:run-stdout">
            {run.stdout}
          </pre>
        </details>
      )}
      {run.stderr && (
        <details>
          <summary>Standard Error</summary>
          <pre className="log" data-testid="tunix:run-stderr">
            {run.stderr}
          </pre>
        </details>
      )}
      {(run.status === 'pending' || run.status === 'running') && (
        <p className="hint">Follow its progress and logs in Run History below.</p>
      )}
    </div>
  );
}
