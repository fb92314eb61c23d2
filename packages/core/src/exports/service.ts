import type { ExportFormat, SftExportRequest } from '@tunix-rt/contract';
import type { Db } from '../context';
import { requireDataset } from '../datasets/service';
import { AppError, badRequest } from '../errors';
import { datasetLines, rowsToJsonl } from './stream';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses a list of trace ids the way the reference does (trimmed), refusing bad ones with a 4xx. */
export function parseTraceIds(raw: string[], status: 400 | 422 = 400): string[] {
  return raw.map((value) => {
    const id = value.trim().toLowerCase();
    if (!UUID.test(id)) {
      throw new AppError(status, `badly formed hexadecimal UUID string: '${value.slice(0, 100)}'`);
    }
    return id;
  });
}

/** GET /api/datasets/{key}/export.jsonl: the lookup happens before the first byte is sent. */
export async function exportDataset(db: Db, key: string, format: ExportFormat): Promise<AsyncIterable<string>> {
  return datasetLines(db, await requireDataset(db, key), format);
}

/**
 * POST /api/tunix/sft/export. Unlike the reference (API.md §8 item 23) giving both sources is
 * refused instead of silently preferring the dataset, and `limit` caps the records.
 */
export async function exportSft(db: Db, req: SftExportRequest): Promise<AsyncIterable<string>> {
  const hasIds = Array.isArray(req.trace_ids) && req.trace_ids.length > 0;
  if (!req.dataset_key && !hasIds) throw badRequest('Either dataset_key or trace_ids must be provided');
  if (req.dataset_key && hasIds) throw badRequest('Provide either dataset_key or trace_ids, not both');
  const limit = req.limit ?? 100;
  if (req.dataset_key) {
    const dataset = await requireDataset(db, req.dataset_key, (k) => `Manifest not found for dataset: ${k}`);
    return take(datasetLines(db, dataset, 'tunix_sft'), limit);
  }
  const ids = parseTraceIds(req.trace_ids!).slice(0, limit);
  return (async function* () {
    yield await linesForIds(db, ids, 'tunix_sft');
  })();
}

/** Rows for ids in the given order; unknown ids are skipped, duplicates repeated. */
export async function linesForIds(db: Db, ids: string[], format: ExportFormat): Promise<string> {
  if (ids.length === 0) return '';
  const rows = await db
    .selectFrom('traces')
    .select(['id', 'created_at', 'payload'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return rowsToJsonl(
    ids.flatMap((id) => byId.get(id) ?? []),
    format,
  );
}

/** Passes through at most `limit` lines of a chunked JSONL stream. */
async function* take(chunks: AsyncIterable<string>, limit: number): AsyncGenerator<string> {
  let left = limit;
  for await (const chunk of chunks) {
    if (left <= 0) return;
    let end = 0;
    let n = 0;
    while (n < left) {
      const next = chunk.indexOf('\n', end);
      if (next === -1) break;
      end = next + 1;
      n++;
    }
    left -= n;
    yield chunk.slice(0, end);
  }
}
