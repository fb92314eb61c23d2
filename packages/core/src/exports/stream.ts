import type { ExportFormat } from '@tunix-rt/contract';
import type { Db } from '../context';
import { type MemberRow, memberChunk } from '../datasets/repo';
import { storedPayload } from '../traces/repo';
import { EXPORT_SHAPES, toJsonLine } from './records';

const CHUNK = 1000;

export interface ExportRow {
  id: string;
  created_at: Date;
  payload: unknown;
}

/**
 * A dataset's members as JSONL, in manifest order, read in keyset chunks so memory stays flat
 * whatever the dataset size. Deterministic: the same dataset yields the same bytes.
 * The next chunk is already being read while the current one is rendered and written, so the
 * database and the CPU overlap (at most two chunks are held at once).
 */
export async function* datasetLines(db: Db, key: string, format: ExportFormat): AsyncGenerator<string> {
  let pending: Promise<MemberRow[]> | undefined = memberChunk(db, key, -1, CHUNK);
  try {
    while (pending) {
      const rows = await pending;
      pending = undefined;
      if (rows.length === 0) return;
      if (rows.length === CHUNK) pending = memberChunk(db, key, rows[rows.length - 1]!.position, CHUNK);
      yield rowsToJsonl(rows, format);
    }
  } finally {
    // A client that went away: let the read in flight finish quietly (its error has no reader).
    pending?.catch(() => {});
  }
}

/** One string per chunk: far fewer writes to the socket than one per line. */
export function rowsToJsonl(rows: ExportRow[], format: ExportFormat): string {
  const shape = EXPORT_SHAPES[format];
  let out = '';
  for (const row of rows)
    out += toJsonLine(shape({ id: row.id, created_at: row.created_at, payload: storedPayload(row.payload) }));
  return out;
}

/** Counts records while passing lines through (dry-run validation counts what it checks). */
export async function countLines(lines: AsyncIterable<string>): Promise<number> {
  let count = 0;
  for await (const chunk of lines) for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) count++;
  return count;
}
