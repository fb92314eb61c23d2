import type { RunLogChunk } from '@tunix-rt/contract';

/** Merges chunk lists by `seq` (a reconnecting stream may replay chunks), in order. */
export function mergeChunks(a: readonly RunLogChunk[], b: readonly RunLogChunk[]): RunLogChunk[] {
  const bySeq = new Map<number, RunLogChunk>();
  for (const chunk of [...a, ...b]) bySeq.set(chunk.seq, chunk);
  return [...bySeq.values()].sort((x, y) => x.seq - y.seq);
}

function isChunk(value: unknown): value is RunLogChunk {
  const v = value as Partial<RunLogChunk> | null;
  return typeof v === 'object' && v !== null && typeof v.seq === 'number' && typeof v.data === 'string';
}

/** One server-sent event's data: a chunk, an array of chunks, or (tolerated) plain text. */
export function parseStreamData(data: string, fallbackSeq: number): RunLogChunk[] {
  try {
    const value: unknown = JSON.parse(data);
    if (Array.isArray(value)) return value.filter(isChunk);
    if (isChunk(value)) return [value];
    const chunks = (value as { chunks?: unknown } | null)?.chunks;
    if (Array.isArray(chunks)) return chunks.filter(isChunk);
  } catch {
    // not JSON: fall through
  }
  return data ? [{ seq: fallbackSeq, stream: 'stdout', data, created_at: '' }] : [];
}

/** Chunks are shown one after another; a chunk without a final newline still ends its line. */
export function chunksToText(chunks: readonly RunLogChunk[]): string {
  return chunks
    .map((c) => {
      const text = c.stream === 'system' ? `[${c.data.replace(/\n$/, '')}]` : c.data;
      return text.endsWith('\n') ? text : `${text}\n`;
    })
    .join('');
}
