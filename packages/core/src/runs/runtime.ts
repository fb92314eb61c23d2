import type { DatabaseHandle, Unlisten } from '@tunix-rt/db';
import { createCliProbe } from '../tunix/status';
import { Executor } from './executor';
import { RUN_QUEUED_CHANNEL, RUN_QUEUES } from './jobs';
import { RunQueue } from './queue';
import { reapOrphans, restartMessage, staleMessage } from './reaper';
import type { RunRow } from './repo';
import type { RunSettings } from './settings';
import { RunWorker } from './worker';

export interface RuntimeHooks {
  onFinished?: (row: RunRow) => void;
  onError?: (error: unknown, context: string) => void;
  onReaped?: (result: { failed: string[]; requeued: string[] }) => void;
}

/**
 * Everything a process needs to accept, execute and recover runs: the queue, the executor
 * (sync runs and claimed jobs), the optional queue worker and the reaper. One per process.
 */
export class RunsRuntime {
  readonly queue: RunQueue;
  readonly executor: Executor;
  readonly probe: ReturnType<typeof createCliProbe>;
  private workers: RunWorker[] = [];
  private unlisten: Unlisten | undefined;
  private reaperTimer: NodeJS.Timeout | undefined;
  private reaping: Promise<void> | undefined;
  private started = false;

  constructor(
    readonly database: DatabaseHandle,
    readonly settings: RunSettings,
    private readonly hooks: RuntimeHooks = {},
  ) {
    this.queue = new RunQueue(database.pool);
    this.probe = createCliProbe(settings.tunixCli);
    this.executor = new Executor({
      db: database.db,
      settings,
      probe: this.probe,
      onFinished: hooks.onFinished,
      onError: hooks.onError,
    });
  }

  get db() {
    return this.database.db;
  }

  /**
   * Recovers orphans left by a previous process, then starts heartbeats, the reaper and (when
   * `worker`) the queue consumer. With the embedded database only this process can have been
   * executing, so every `running` run is an orphan at once; with PostgreSQL other live
   * workers may own running runs, so only stale heartbeats count.
   */
  async start(options: { worker: boolean }): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (this.database.kind === 'pglite') {
      const result = await reapOrphans(this.db, this.queue, 'all', restartMessage());
      if (result.failed.length || result.requeued.length) this.hooks.onReaped?.(result);
    }
    await this.reap();
    this.executor.start();
    this.reaperTimer = setInterval(() => void this.reap(), this.settings.heartbeatSeconds * 1000);
    this.reaperTimer.unref();
    if (options.worker) {
      await this.queue.start();
      const lanes = [
        { queue: RUN_QUEUES.local, concurrency: this.settings.workerConcurrency },
        { queue: RUN_QUEUES['dry-run'], concurrency: this.settings.dryRunConcurrency },
      ];
      this.workers = lanes.map(
        (lane) =>
          new RunWorker({
            db: this.db,
            queue: this.queue,
            executor: this.executor,
            lane,
            pollMs: this.settings.queuePollMs,
            onError: this.hooks.onError,
          }),
      );
      for (const worker of this.workers) worker.start();
      this.unlisten = await this.database.listen(RUN_QUEUED_CHANNEL, (queue) => this.jobQueued(queue));
    }
  }

  /**
   * A job was committed to `queue` (here, or elsewhere via NOTIFY): that lane's worker claims it
   * without waiting for a poll. Without a queue (the listener reconnected and may have missed
   * notifications) every lane looks.
   */
  jobQueued(queue?: string): void {
    for (const worker of this.workers) if (queue === undefined || worker.queue === queue) worker.notify();
  }

  reap(): Promise<void> {
    this.reaping ??= (async () => {
      try {
        const result = await reapOrphans(
          this.db,
          this.queue,
          { staleSeconds: this.settings.staleSeconds },
          staleMessage(this.settings.staleSeconds),
        );
        if (result.failed.length || result.requeued.length) this.hooks.onReaped?.(result);
      } catch (error) {
        this.hooks.onError?.(error, 'reaper');
      } finally {
        this.reaping = undefined;
      }
    })();
    return this.reaping;
  }

  /** Graceful: stop claiming, let runs finish within the grace period, kill and requeue the rest. */
  async stop(): Promise<void> {
    clearInterval(this.reaperTimer);
    await this.unlisten?.();
    await Promise.all(this.workers.map((w) => w.stop(this.settings.shutdownGraceSeconds * 1000)));
    // Sync runs still executing belong to HTTP requests that are gone with this process.
    this.executor.stopAll('shutdown');
    await this.reaping;
    this.executor.stop();
    await this.queue.stop();
  }
}
