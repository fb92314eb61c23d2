import type { Database } from '@tunix-rt/db';
import type { Kysely } from 'kysely';
import type { RunQueue } from './queue';
import { failOrphan, type OrphanGuard, orphanedRuns, type RunRow, requeue } from './repo';

export interface ReapResult {
  failed: string[];
  requeued: string[];
}

/**
 * Settles running runs whose executor is gone (D6, API.md §8 item 17). A run with retries left
 * (attempt <= max_retries) goes back to pending with a new job in the same transaction;
 * otherwise it is marked failed with a message naming the worker. Every UPDATE re-checks the
 * guard, so a heartbeat that lands meanwhile keeps the run alive, and two reapers in two
 * processes cannot both act on one run.
 */
export async function reapOrphans(
  db: Kysely<Database>,
  queue: RunQueue,
  guard: OrphanGuard,
  describe: (run: RunRow) => string,
): Promise<ReapResult> {
  const out: ReapResult = { failed: [], requeued: [] };
  for (const run of await orphanedRuns(db, guard)) {
    const why = describe(run);
    if (run.attempt <= run.max_retries) {
      const message = `${why}; requeued as attempt ${run.attempt + 1} of ${run.max_retries + 1}`;
      await queue.start();
      const done = await db.transaction().execute(async (trx) => {
        if (!(await requeue(trx, run, message, guard))) return false;
        await queue.enqueue(trx, { run_id: run.run_id }, run.mode);
        return true;
      });
      if (done) out.requeued.push(run.run_id);
    } else if (await failOrphan(db, run, `${why}; the run was marked failed`, guard)) {
      out.failed.push(run.run_id);
    }
  }
  return out;
}

export const staleMessage = (staleSeconds: number) => (run: RunRow) =>
  `Worker ${run.worker_id ?? 'unknown'} stopped responding (no heartbeat for ${staleSeconds} s)`;

export const restartMessage = () => (run: RunRow) =>
  `The process executing this run (worker ${run.worker_id ?? 'unknown'}) stopped: the embedded database was reopened by a new server process`;
