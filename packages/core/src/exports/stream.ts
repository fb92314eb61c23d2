import type { ExportFormat } from '@tunix-rt/contract';
import type { Db } from '../context';
import { memberChunks } from '../datasets/members';
import { storedPayload } from '../traces/repo';
import { EXPORT_SHAPES, toJsonLine } from './records';

export interface ExportRow {
  id: string;
  created_at: Date;
  payload: unknown;
}

/**
 * A dataset's members as JSONL, in manifest order, streamed chunk by chunk (memory stays flat
 * whatever the dataset size). Deterministic: the same dataset yields the same bytes.
 */
export async function* datasetLines(
  db: Db,
  dataset: { dataset_key: string; trace_count: number },
  format: ExportFormat,
): AsyncGenerator<string> {
  for await (const rows of memberChunks(db, dataset)) yield rowsToJsonl(rows, format);
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
