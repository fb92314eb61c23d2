import type { Db } from '../context';
import { type MemberRow, memberRange } from './repo';

const CHUNK = 250;
/** Chunks fetched ahead of the one the caller is working on. */
const READ_AHEAD = 2;

/**
 * A dataset's members in manifest order, in chunks. Positions are dense (0..trace_count-1), so
 * chunk k is a position range known without reading chunk k-1: the next READ_AHEAD chunks are
 * fetched (each on its own pool connection with PostgreSQL) while the caller renders this one,
 * and the database and the CPU overlap. At most READ_AHEAD + 1 chunks are held at once, so
 * memory stays flat whatever the dataset size.
 */
export async function* memberChunks(
  db: Db,
  dataset: { dataset_key: string; trace_count: number },
): AsyncGenerator<MemberRow[]> {
  const chunks = Math.ceil(dataset.trace_count / CHUNK);
  const inflight: Promise<MemberRow[]>[] = [];
  let next = 0;
  const fill = () => {
    while (inflight.length <= READ_AHEAD && next < chunks) {
      inflight.push(memberRange(db, dataset.dataset_key, next * CHUNK, CHUNK));
      next++;
    }
  };
  try {
    fill();
    while (inflight.length > 0) {
      const rows = await inflight.shift()!;
      fill();
      yield rows;
    }
  } finally {
    // A client that went away: let the reads in flight finish quietly (their errors have no reader).
    for (const pending of inflight) pending.catch(() => {});
  }
}
