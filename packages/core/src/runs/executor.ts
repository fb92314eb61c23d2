import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../context';
import type { CliProbe } from '../tunix/status';
import { dryRun, type Result } from './dry-run';
import { localRun } from './local';
import { LogSink } from './log-sink';
import { cancelRequestedAmong, finishRun, heartbeat, type RunRow } from './repo';
import type { RunSettings } from './settings';

/** Why an execution was stopped before its process ended on its own. */
type StopReason = 'cancel' | 'lost' | 'shutdown';

interface Execution {
  controller: AbortController;
  reason: StopReason | null;
}

export type ExecutionEnd =
  | { kind: 'finished'; row: RunRow }
  /** Another process took the run over (it was reaped); nothing was written. */
  | { kind: 'lost' }
  /** Stopped by a shutdown; the caller requeues or fails it. */
  | { kind: 'shutdown' };

const CANCEL_POLL_MS = 500;

export interface ExecutorDeps {
  db: Db;
  settings: RunSettings;
  probe: () => Promise<CliProbe>;
  onFinished?: (row: RunRow) => void;
  onError?: (error: unknown, context: string) => void;
}

/**
 * Executes runs in this process and keeps them alive in the registry: one heartbeat UPDATE
 * for all of them every `heartbeatSeconds`, and a cancel poll every 500 ms, so a cancel sent to
 * any API process reaches the process that owns the child (cancel_requested in the row).
 */
export class Executor {
  readonly workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly active = new Map<string, Execution>();
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private cancelTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: ExecutorDeps) {}

  get activeCount(): number {
    return this.active.size;
  }

  start(): void {
    this.heartbeatTimer ??= setInterval(() => void this.beat(), this.deps.settings.heartbeatSeconds * 1000);
    this.cancelTimer ??= setInterval(() => void this.pollCancels(), CANCEL_POLL_MS);
    this.heartbeatTimer.unref();
    this.cancelTimer.unref();
  }

  stop(): void {
    clearInterval(this.heartbeatTimer);
    clearInterval(this.cancelTimer);
    this.heartbeatTimer = this.cancelTimer = undefined;
  }

  /** Runs a row this process owns (status running, worker_id = workerId) to its end. */
  async execute(row: RunRow): Promise<ExecutionEnd> {
    const { db } = this.deps;
    const execution: Execution = { controller: new AbortController(), reason: null };
    this.active.set(row.run_id, execution);
    const sink = new LogSink(db, row.run_id, (e) => this.deps.onError?.(e, 'log write'));
    sink.system(`Run started by worker ${this.workerId} (attempt ${row.attempt}, mode ${row.mode})`);
    const started = row.started_at ? new Date(row.started_at) : new Date();
    let result: Result;
    try {
      result =
        row.mode === 'dry-run'
          ? await dryRun(db, row, sink)
          : await localRun(db, row, sink, {
              settings: this.deps.settings,
              probe: this.deps.probe,
              signal: execution.controller.signal,
            });
    } catch (error) {
      this.deps.onError?.(error, `run ${row.run_id}`);
      result = {
        status: 'failed',
        exit_code: null,
        stdout: '',
        stderr: `Execution error: ${(error as Error).message}`,
        message: `${row.mode === 'local' ? 'Local' : 'Dry-run'} execution failed with unexpected error`,
      };
    } finally {
      this.active.delete(row.run_id);
    }

    if (execution.reason === 'lost') {
      await sink.close();
      return { kind: 'lost' };
    }
    if (execution.reason === 'shutdown') {
      sink.system('Stopped: the worker is shutting down');
      await sink.close();
      return { kind: 'shutdown' };
    }
    if (execution.reason === 'cancel') {
      result = { ...result, status: 'cancelled', message: 'Run cancelled by request' };
    }
    sink.system(`Run ${result.status}: ${result.message}`);
    await sink.close();
    const completed = new Date();
    const finished = await finishRun(db, row.run_id, this.workerId, {
      ...result,
      completed_at: completed,
      duration_seconds: Math.max(0, (completed.getTime() - started.getTime()) / 1000),
    });
    if (!finished) return { kind: 'lost' };
    this.deps.onFinished?.(finished);
    return { kind: 'finished', row: finished };
  }

  /** Stops a run executing here; false when this process does not execute it. */
  stopRun(runId: string, reason: StopReason): boolean {
    const execution = this.active.get(runId);
    if (!execution) return false;
    execution.reason ??= reason;
    execution.controller.abort();
    return true;
  }

  stopAll(reason: StopReason): void {
    for (const runId of this.active.keys()) this.stopRun(runId, reason);
  }

  private async beat(): Promise<void> {
    const ids = [...this.active.keys()];
    if (ids.length === 0) return;
    try {
      const owned = new Set(await heartbeat(this.deps.db, ids, this.workerId));
      // A run we no longer own was reaped (and maybe requeued elsewhere): stop our copy.
      for (const id of ids) if (!owned.has(id) && this.active.has(id)) this.stopRun(id, 'lost');
    } catch (error) {
      this.deps.onError?.(error, 'heartbeat');
    }
  }

  private async pollCancels(): Promise<void> {
    const ids = [...this.active.keys()];
    if (ids.length === 0) return;
    try {
      for (const id of await cancelRequestedAmong(this.deps.db, ids)) this.stopRun(id, 'cancel');
    } catch (error) {
      this.deps.onError?.(error, 'cancel poll');
    }
  }
}
