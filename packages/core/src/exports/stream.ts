import type { ExportFormat } from '@tunix-rt/contract';
import type { Db } from '../context';
import { memberChunk } from '../datasets/repo';
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
 */
export async function* datasetLines(db: Db, key: string, format: ExportFormat): AsyncGenerator<string> {
  let after = -1;
  for (;;) {
    const rows = await memberChunk(db, key, after, CHUNK);
    if (rows.length === 0) return;
    yield rowsToJsonl(rows, format);
    after = rows[rows.length - 1]!.position;
    if (rows.length < CHUNK) return;
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
