import { StringDecoder } from 'node:string_decoder';
import type { Db } from '../context';
import { parseMetricLine } from '../tunix/metric-line';
import { OUTPUT_LIMIT_BYTES, truncateOutput } from '../tunix/truncate';
import { appendLogs, appendMetrics, type LogChunk, type LogStream, type StoredPoint } from './logs-repo';

const FLUSH_MS = 200;
const FLUSH_BYTES = 256 * 1024;
/** One run_logs row holds at most this much text, so a page of chunks stays a sane size. */
const ROW_CHARS = 64 * 1024;
/** A stdout "line" longer than this cannot be a metric line; stop buffering it. */
const LINE_MAX = 8192;

/** PostgreSQL text cannot hold NUL; a trainer printing one must not lose the whole batch. */
export const storable = (text: string) => (text.includes('\u0000') ? text.replaceAll('\u0000', '\ufffd') : text);

/**
 * Collects a run's output while it runs: every byte goes to run_logs in batched inserts (so
 * live viewers see it within ~200 ms), metric lines go to run_metrics, and only the first
 * 10 KB of each stream is kept in memory for the stdout/stderr summary columns.
 */
export class LogSink {
  private pending: LogChunk[] = [];
  private pendingBytes = 0;
  private points: StoredPoint[] = [];
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  private readonly heads = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  private readonly headBytes = { stdout: 0, stderr: 0 };
  private partialLine = '';
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private failures = 0;

  constructor(
    private readonly db: Db,
    private readonly runId: string,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  write(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    // Keep a little more than the limit so truncateOutput sees that there was more.
    if (this.headBytes[stream] <= OUTPUT_LIMIT_BYTES) {
      this.heads[stream].push(chunk);
      this.headBytes[stream] += chunk.length;
    }
    const text = this.decoders[stream].write(chunk);
    if (stream === 'stdout') this.scanMetrics(text);
    this.push(stream, text);
  }

  system(text: string): void {
    this.push('system', text.endsWith('\n') ? text : `${text}\n`);
  }

  /** The summary columns: what was captured, cut to 10 KB with the visible notice. */
  summary(): { stdout: string; stderr: string } {
    const text = (s: 'stdout' | 'stderr') =>
      Buffer.concat(this.heads[s])
        .subarray(0, OUTPUT_LIMIT_BYTES + 4)
        .toString();
    return { stdout: storable(truncateOutput(text('stdout'))), stderr: storable(truncateOutput(text('stderr'))) };
  }

  /** Flushes everything (including an unterminated last line) and stops the timer. */
  async close(): Promise<void> {
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.decoders[stream].end();
      if (stream === 'stdout') this.scanMetrics(`${rest}\n`);
      this.push(stream, rest);
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private push(stream: LogStream, raw: string): void {
    if (!raw) return;
    const text = storable(raw);
    const last = this.pending[this.pending.length - 1];
    if (last && last.stream === stream && last.data.length + text.length <= ROW_CHARS) last.data += text;
    else {
      for (let i = 0; i < text.length; i += ROW_CHARS) {
        this.pending.push({ stream, data: text.slice(i, i + ROW_CHARS), created_at: new Date() });
      }
    }
    this.pendingBytes += text.length;
    if (this.pendingBytes >= FLUSH_BYTES) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  private scanMetrics(text: string): void {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const line = this.partialLine + text.slice(start, nl);
      this.partialLine = '';
      const point = parseMetricLine(line);
      if (point) this.points.push({ ...point, created_at: new Date() });
      start = nl + 1;
    }
    const rest = this.partialLine + text.slice(start);
    this.partialLine = rest.length > LINE_MAX ? '' : rest;
  }

  /** Single-flight: flushes run one after another, so seq order follows output order. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const chunks = this.pending;
    const points = this.points;
    this.pending = [];
    this.points = [];
    this.pendingBytes = 0;
    this.flushing = this.flushing.then(async () => {
      if (chunks.length === 0 && points.length === 0) return;
      try {
        await appendLogs(this.db, this.runId, chunks);
        await appendMetrics(this.db, this.runId, points);
        this.failures = 0;
      } catch (error) {
        // Logs are best effort: the run itself must not fail because a log insert did.
        if (++this.failures <= 3) this.onError(error);
      }
    });
    return this.flushing;
  }
}
