import { type RunLogChunk, type RunLogsPage, type RunMetrics, TERMINAL_STATUSES } from '@tunix-rt/contract';
import type { Db } from '../context';
import { logsAfter, metricsOf } from './logs-repo';
import { requireRun } from './service';

const isTerminal = (status: string) => (TERMINAL_STATUSES as readonly string[]).includes(status);
const METRICS_MAX_POINTS = 10_000;

function toChunk(row: { seq: number; stream: string; data: string; created_at: Date | string }): RunLogChunk {
  return {
    seq: row.seq,
    stream: row.stream as RunLogChunk['stream'],
    data: row.data,
    created_at: new Date(row.created_at).toISOString(),
  };
}

/**
 * GET /api/tunix/runs/{id}/logs: chunks with seq > offset. The status is read before the
 * chunks: a run's last chunk is written before its final status, so "terminal, and fewer
 * chunks than asked" really means nothing more will come.
 */
export async function getLogs(db: Db, runId: string, page: { offset: number; limit: number }): Promise<RunLogsPage> {
  const run = await requireRun(db, runId);
  const rows = await logsAfter(db, runId, page.offset, page.limit);
  const chunks = rows.map(toChunk);
  return {
    run_id: runId,
    chunks,
    next_offset: chunks.length ? chunks[chunks.length - 1]!.seq : page.offset,
    done: isTerminal(run.status) && chunks.length < page.limit,
  };
}

export type LogEvent = { type: 'log'; chunk: RunLogChunk } | { type: 'end'; status: string };

/**
 * Follows a run's log from `offset` until the run has ended and every chunk was delivered.
 * Polls the table (every `pollMs` while idle), so it works whichever process writes the log.
 */
export async function* followLogs(
  db: Db,
  runId: string,
  options: { offset: number; pollMs: number; signal: AbortSignal },
): AsyncGenerator<LogEvent> {
  await requireRun(db, runId);
  let offset = options.offset;
  while (!options.signal.aborted) {
    const page = await getLogs(db, runId, { offset, limit: 500 });
    for (const chunk of page.chunks) yield { type: 'log', chunk };
    offset = page.next_offset;
    if (page.done) {
      const run = await requireRun(db, runId);
      yield { type: 'end', status: run.status };
      return;
    }
    if (page.chunks.length === 0) await sleep(options.pollMs, options.signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export async function getMetrics(db: Db, runId: string): Promise<RunMetrics> {
  await requireRun(db, runId);
  const rows = await metricsOf(db, runId, METRICS_MAX_POINTS);
  return {
    run_id: runId,
    points: rows.map((r) => ({ step: r.step, values: r.values, created_at: new Date(r.created_at).toISOString() })),
  };
}
