import type { Database } from '@tunix-rt/db';
import type { Kysely } from 'kysely';
import type { Executor } from './executor';
import { PermanentJobError, parseRunJob, type RunQueueName } from './jobs';
import type { QueuedJob, RunQueue } from './queue';
import { claimRun, type RunRow, requeue } from './repo';

/** One queue and how many of its runs this process executes at once. */
export interface Lane {
  queue: RunQueueName;
  concurrency: number;
}

export interface WorkerDeps {
  db: Kysely<Database>;
  queue: RunQueue;
  executor: Executor;
  lane: Lane;
  /** Idle poll; a NOTIFY or an in-process enqueue wakes the loop sooner. */
  pollMs: number;
  onError?: (error: unknown, context: string) => void;
}

/**
 * Claims queued runs of one lane and executes up to its concurrency at once. Jobs are fetched
 * only when a slot is free (no job sits claimed-but-waiting in a busy worker). The poll is a
 * fallback: an enqueue (in this process, or NOTIFY from another) or a finished run wakes the
 * loop at once.
 * Exactly-once: a job is only a hint; the run runs only if the conditional pending → running
 * UPDATE returns the row, so duplicate or stale jobs are completed without executing anything.
 */
export class RunWorker {
  private readonly inflight = new Set<Promise<void>>();
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly deps: WorkerDeps) {}

  start(): void {
    this.loop ??= this.run();
  }

  get queue(): RunQueueName {
    return this.deps.lane.queue;
  }

  notify(): void {
    this.wake?.();
  }

  /** Graceful stop: no new claims, in-flight runs get `graceMs`, then are killed and requeued. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.notify();
    await this.loop;
    const drained = Promise.all(this.inflight);
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
    if ((await Promise.race([drained.then(() => 'done' as const), timer])) === 'timeout') {
      this.deps.executor.stopAll('shutdown');
      await drained;
    }
  }

  private async run(): Promise<void> {
    const { lane, queue, pollMs } = this.deps;
    while (!this.stopping) {
      const free = lane.concurrency - this.inflight.size;
      let fetched = 0;
      if (free > 0) {
        try {
          const jobs = await queue.fetch(lane.queue, free);
          fetched = jobs.length;
          for (const job of jobs) this.track(this.handle(job));
        } catch (error) {
          this.deps.onError?.(error, 'queue fetch');
        }
      }
      // A full batch means there may be more: ask again at once while slots are free.
      if (fetched > 0 && fetched === free) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private track(task: Promise<void>): void {
    this.inflight.add(task);
    void task.finally(() => {
      this.inflight.delete(task);
      this.notify();
    });
  }

  private async handle(job: QueuedJob): Promise<void> {
    const { db, queue, executor, lane } = this.deps;
    try {
      const { run_id } = parseRunJob(job.data);
      const row = await claimRun(db, run_id, executor.workerId);
      if (row) {
        const end = await executor.execute(row);
        if (end.kind === 'shutdown') await this.requeueAfterShutdown(row);
      }
      await queue.complete(lane.queue, job.id);
    } catch (error) {
      this.deps.onError?.(error, `job ${job.id}`);
      const permanent = error instanceof PermanentJobError;
      await queue.fail(lane.queue, job.id, permanent ? error : new Error(String(error))).catch(() => {});
    }
  }

  /** Killed by our own shutdown, not by a fault: back to pending for another worker. */
  private async requeueAfterShutdown(row: RunRow): Promise<void> {
    const { db, queue, executor } = this.deps;
    await db.transaction().execute(async (trx) => {
      const message = `Worker ${executor.workerId} shut down during attempt ${row.attempt}; requeued`;
      if (await requeue(trx, row, message, { workerId: executor.workerId })) {
        await queue.enqueue(trx, { run_id: row.run_id }, row.mode);
      }
    });
  }
}
