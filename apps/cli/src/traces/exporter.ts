import type { ApiClient } from '@tunix-rt/client';
import type { TraceDetail } from '@tunix-rt/contract';

const PAGE = 100; // the API's maximum page size

/** Runs `fn` over `items` with at most `limit` calls at once, keeping the input order. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Writes one JSON object per trace (`id`, `created_at`, `trace_version`, `payload`), newest
 * first, page by page, so memory stays flat. Traces created during the export shift the
 * offsets; ids already written are skipped so no trace is written twice.
 */
export async function exportTraces(
  client: ApiClient,
  write: (line: string) => Promise<void>,
  options: { limit?: number; concurrency?: number } = {},
): Promise<number> {
  const max = options.limit ?? Number.POSITIVE_INFINITY;
  const seen = new Set<string>();
  let written = 0;
  let offset: number | null = 0;
  while (offset !== null && written < max) {
    const page = await client.traces.list({ limit: PAGE, offset });
    const ids = page.data.map((t) => t.id).filter((id) => !seen.has(id));
    const wanted = ids.slice(0, Math.max(0, max - written));
    const details: Array<TraceDetail | undefined> = await mapLimited(wanted, options.concurrency ?? 8, (id) =>
      client.traces.get(id).catch((error: { status?: number }) => {
        if (error.status === 404) return undefined; // deleted meanwhile
        throw error;
      }),
    );
    for (const detail of details) {
      if (!detail) continue;
      seen.add(detail.id);
      const { id, created_at, trace_version, payload } = detail;
      await write(`${JSON.stringify({ id, created_at, trace_version, payload })}\n`);
      written += 1;
    }
    offset = page.pagination.next_offset;
  }
  return written;
}
