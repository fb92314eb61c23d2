import { CompiledQuery } from 'kysely';
import type pg from 'pg';
import PgBoss from 'pg-boss';
import type { Db } from '../context';
import { queueFor, RUN_QUEUED_CHANNEL, RUN_QUEUES, type RunJobPayload, type RunQueueName } from './jobs';

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
      for (const name of Object.values(RUN_QUEUES)) await this.ensureQueue(name);
    })().catch((error) => {
      this.started = undefined; // the next caller tries again (the database may be back)
      throw error;
    });
    return this.started;
  }

  /**
   * pg-boss creates a partition per queue with DDL; two processes doing it at once on a fresh
   * database can deadlock (SQLSTATE 40P01). PostgreSQL aborts one side, which retries and then
   * finds the queue made.
   */
  private async ensureQueue(name: RunQueueName): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        if (!(await this.boss.getQueue(name))) await this.boss.createQueue(name);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '40P01' || attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
      }
    }
  }

  /**
   * Inserts the job inside `trx`, on the lane of the run's mode, and NOTIFYs workers elsewhere
   * (PostgreSQL delivers it on commit, never for a rolled-back job). The run row is the source
   * of truth, so pg-boss never retries. Returns the queue it used.
   */
  async enqueue(trx: Db, payload: RunJobPayload, mode: string): Promise<RunQueueName> {
    // Starting pg-boss needs a pool connection; inside a transaction on PGlite (one connection)
    // that would wait forever, so callers start the queue before opening the transaction.
    if (!this.started) throw new Error('RunQueue.start() must be awaited before enqueue()');
    const name = queueFor(mode);
    await this.boss.send(name, payload, {
      db: { executeSql: async (text, values) => trx.executeQuery(CompiledQuery.raw(text, values)) },
      retryLimit: 0,
      // Long trainings must not be expired (and failed) by pg-boss while a worker still runs them.
      expireInHours: 23,
    });
    await trx.executeQuery(CompiledQuery.raw('SELECT pg_notify($1, $2)', [RUN_QUEUED_CHANNEL, name]));
    return name;
  }

  async fetch(name: RunQueueName, max: number): Promise<QueuedJob[]> {
    await this.start();
    return this.boss.fetch(name, { batchSize: max });
  }

  async complete(name: RunQueueName, id: string): Promise<void> {
    await this.boss.complete(name, id);
  }

  async fail(name: RunQueueName, id: string, error: Error): Promise<void> {
    await this.boss.fail(name, id, { message: error.message });
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    await this.started.catch(() => {});
    await this.boss.stop({ graceful: false, wait: true });
  }
}
