import { CompiledQuery } from 'kysely';
import type pg from 'pg';
import PgBoss from 'pg-boss';
import type { Db } from '../context';
import { RUN_QUEUE, type RunJobPayload } from './jobs';

export interface QueuedJob {
  id: string;
  data: unknown;
}

/**
 * pg-boss over the application's own pool (no second pool per process; PGlite has only one
 * connection). Jobs are written through the caller's transaction so a run row and its job
 * commit or roll back together (STYLE.md §4).
 */
export class RunQueue {
  readonly boss: PgBoss;
  private started: Promise<void> | undefined;

  constructor(pool: pg.Pool) {
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => pool.query(text, values) },
      schedule: false,
    });
    // Maintenance errors (a dropped connection) are retried by pg-boss; never crash on them.
    this.boss.on('error', () => {});
  }

  start(): Promise<void> {
    this.started ??= (async () => {
      await this.boss.start();
      await this.boss.createQueue(RUN_QUEUE);
    })();
    return this.started;
  }

  /** Inserts the job inside `trx`. The run row is the source of truth, so pg-boss never retries. */
  async enqueue(trx: Db, payload: RunJobPayload): Promise<void> {
    // Starting pg-boss needs a pool connection; inside a transaction on PGlite (one connection)
    // that would wait forever, so callers start the queue before opening the transaction.
    if (!this.started) throw new Error('RunQueue.start() must be awaited before enqueue()');
    await this.boss.send(RUN_QUEUE, payload, {
      db: { executeSql: async (text, values) => trx.executeQuery(CompiledQuery.raw(text, values)) },
      retryLimit: 0,
      // Long trainings must not be expired (and failed) by pg-boss while a worker still runs them.
      expireInHours: 23,
    });
  }

  async fetch(max: number): Promise<QueuedJob[]> {
    await this.start();
    return this.boss.fetch(RUN_QUEUE, { batchSize: max });
  }

  async complete(id: string): Promise<void> {
    await this.boss.complete(RUN_QUEUE, id);
  }

  async fail(id: string, error: Error): Promise<void> {
    await this.boss.fail(RUN_QUEUE, id, { message: error.message });
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    await this.started.catch(() => {});
    await this.boss.stop({ graceful: false, wait: true });
  }
}
