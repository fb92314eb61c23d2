import { type ApiError, isApiError } from '@tunix-rt/client';
import { describeError } from '../lib/errors';

/** One rejected input line: its 1-based number and why (the server's detail, or the parse error). */
export interface Rejection {
  line: number;
  detail: string;
}

export interface ImportCounts {
  /** Non-blank lines read so far. */
  lines: number;
  blank: number;
  bytes: number;
  imported: number;
  rejected: number;
}

export interface ImportResult extends ImportCounts {
  rejections: Rejection[];
  /** Set when a non-recoverable error (network, auth, 5xx) stopped the import. */
  error?: unknown;
}

export interface ImportOptions {
  /** Posts one batch, resolving to the number of traces created (POST /api/traces/batch). */
  send(traces: unknown[]): Promise<number>;
  batchSize: number;
  /** Flush a batch early once its lines add up to this many bytes (the server has a body limit). */
  maxBatchBytes?: number;
  /** Batches in flight at once. */
  concurrency?: number;
  onRejected?(rejection: Rejection): void;
  onProgress?(counts: ImportCounts): void;
  /** Waits before retrying a 429/503 (tests shorten it). */
  sleep?(ms: number): Promise<void>;
}

interface Item {
  line: number;
  trace: unknown;
}

interface Batch {
  items: Item[];
  /** Lines rejected locally while this batch was filling; reported with it to keep line order. */
  local: Rejection[];
}

interface Outcome {
  imported: number;
  rejections: Rejection[];
}

// After this many 422 rounds on one batch, the rest goes line by line: the server reports only
// the first invalid element per request, so each round costs a full resend.
const MAX_422_ROUNDS = 3;
const RETRIES = 5;

/** Parses one line locally; anything that is not a JSON object is rejected without a request. */
export function parseLine(text: string): { trace: unknown } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `invalid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    return { error: `expected a JSON object (one trace per line), got ${kind}` };
  }
  return { trace: value };
}

/** The 422 items that point at batch element `index`, as one line of text. */
function issuesFor(error: ApiError, index: number): string {
  return error.validationErrors
    .filter((item) => item.loc[1] === index)
    .map((item) => {
      const where = item.loc.slice(2).join('.');
      return where ? `${where}: ${item.msg}` : item.msg;
    })
    .join('; ');
}

/**
 * Streams traces into the API in batches. A batch is all-or-nothing on the server, so an
 * invalid element would sink the valid ones: a 422 is mapped back to the element through the
 * `loc` index of its detail, that line is rejected and the rest is resent, so every valid
 * line lands and the counts are exact.
 */
export async function importTraces(lines: AsyncIterable<string>, options: ImportOptions): Promise<ImportResult> {
  const maxBatchBytes = options.maxBatchBytes ?? 8 * 1024 * 1024;
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const counts: ImportCounts = { lines: 0, blank: 0, bytes: 0, imported: 0, rejected: 0 };
  const rejections: Rejection[] = [];

  const post = async (traces: unknown[]): Promise<number> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await options.send(traces);
      } catch (error) {
        const busy = isApiError(error) && (error.status === 429 || error.status === 503);
        if (!busy || attempt >= RETRIES) throw error;
        await sleep(Math.min(30_000, 1000 * 2 ** attempt));
      }
    }
  };

  const land = async (items: Item[]): Promise<Outcome> => {
    const outcome: Outcome = { imported: 0, rejections: [] };
    const merge = (other: Outcome) => {
      outcome.imported += other.imported;
      outcome.rejections.push(...other.rejections);
    };
    const oneByOne = async (rest: Item[]) => {
      for (const item of rest) merge(await land([item]));
    };
    let queue = items;
    let rounds = 0;
    while (queue.length > 0) {
      try {
        outcome.imported += await post(queue.map((item) => item.trace));
        break;
      } catch (error) {
        if (!isApiError(error)) throw error;
        if (error.status === 413 && queue.length > 1) {
          // Over the server's body limit: halve until it fits.
          const half = Math.ceil(queue.length / 2);
          merge(await land(queue.slice(0, half)));
          merge(await land(queue.slice(half)));
          break;
        }
        if (error.status === 422) {
          const bad = new Set<number>();
          for (const item of error.validationErrors) {
            const index = item.loc[1];
            if (typeof index === 'number' && index >= 0 && index < queue.length) bad.add(index);
          }
          if (bad.size === 0 && queue.length > 1) {
            await oneByOne(queue);
            break;
          }
          if (bad.size === 0) bad.add(0);
          for (const index of bad) {
            const item = queue[index] as Item;
            const detail = issuesFor(error, index) || describeError(error);
            outcome.rejections.push({ line: item.line, detail });
          }
          queue = queue.filter((_, index) => !bad.has(index));
          rounds += 1;
          if (rounds >= MAX_422_ROUNDS && queue.length > 1) {
            await oneByOne(queue);
            break;
          }
          continue;
        }
        if (queue.length === 1 && (error.status === 400 || error.status === 413)) {
          outcome.rejections.push({ line: (queue[0] as Item).line, detail: describeError(error) });
          break;
        }
        throw error;
      }
    }
    return outcome;
  };

  const report = (batch: Batch, outcome: Outcome) => {
    counts.imported += outcome.imported;
    const all = [...batch.local, ...outcome.rejections].sort((a, b) => a.line - b.line);
    for (const rejection of all) {
      rejections.push(rejection);
      counts.rejected += 1;
      options.onRejected?.(rejection);
    }
    options.onProgress?.({ ...counts });
  };

  const inFlight: Array<{ batch: Batch; done: Promise<Outcome> }> = [];
  let fatal: unknown;
  const settleOldest = async () => {
    const next = inFlight.shift();
    if (!next) return;
    try {
      report(next.batch, await next.done);
    } catch (error) {
      fatal ??= error;
    }
  };
  const flush = async (batch: Batch) => {
    if (batch.items.length === 0) {
      report(batch, { imported: 0, rejections: [] });
      return;
    }
    const done = land(batch.items);
    done.catch(() => {}); // awaited in order by settleOldest; avoid an unhandled rejection meanwhile
    inFlight.push({ batch, done });
    while (inFlight.length >= concurrency) await settleOldest();
  };

  let batch: Batch = { items: [], local: [] };
  let batchBytes = 0;
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo += 1;
    const size = Buffer.byteLength(raw) + 1;
    counts.bytes += size;
    const text = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') {
      counts.blank += 1;
      continue;
    }
    counts.lines += 1;
    const parsed = parseLine(text);
    if ('error' in parsed) batch.local.push({ line: lineNo, detail: parsed.error });
    else {
      batch.items.push({ line: lineNo, trace: parsed.trace });
      batchBytes += size;
    }
    if (batch.items.length >= options.batchSize || batchBytes >= maxBatchBytes) {
      await flush(batch);
      batch = { items: [], local: [] };
      batchBytes = 0;
      if (fatal) break;
    }
  }
  if (!fatal && (batch.items.length > 0 || batch.local.length > 0)) await flush(batch);
  while (inFlight.length > 0) await settleOldest();
  const result: ImportResult = { ...counts, rejections };
  if (fatal) result.error = fatal;
  return result;
}
