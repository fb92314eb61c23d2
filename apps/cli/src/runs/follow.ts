import { type ApiClient, isApiError } from '@tunix-rt/client';
import { type Run, type RunLogChunk, TERMINAL_STATUSES } from '@tunix-rt/contract';
import { EventSourceParserStream } from 'eventsource-parser/stream';

export interface FollowOptions {
  onChunk(chunk: RunLogChunk): void;
  /** Pause between polls when the SSE stream is unavailable. */
  pollIntervalMs?: number;
  sleep?(ms: number): Promise<void>;
}

const isTerminal = (status: string) => (TERMINAL_STATUSES as readonly string[]).includes(status);

/**
 * Tails a run's log until it ends and resolves to the final run. Live over server-sent events
 * (`log` events carry a RunLogChunk, `end` closes the stream); if the stream is unavailable or
 * drops before `end` (proxy, idle timeout, restart), polling `/logs?offset=` resumes after the
 * last chunk seen, so no chunk is printed twice or skipped.
 */
export async function followRun(client: ApiClient, runId: string, options: FollowOptions): Promise<Run> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const interval = options.pollIntervalMs ?? 1000;
  let lastSeq = 0;
  const emit = (chunk: RunLogChunk) => {
    if (chunk.seq <= lastSeq) return;
    lastSeq = chunk.seq;
    options.onChunk(chunk);
  };

  let ended = await streamEvents(client, runId, emit).catch(() => false);
  while (!ended) {
    let page: Awaited<ReturnType<ApiClient['runs']['logs']>>;
    try {
      page = await client.runs.logs(runId, { offset: lastSeq, limit: 500 });
    } catch (error) {
      // No log endpoint on this server: wait on the run itself, then show its captured output.
      if (isApiError(error) && error.status === 404 && error.message === 'Not Found')
        return waitForRun(client, runId, options, sleep, interval);
      throw error;
    }
    for (const chunk of page.chunks) emit(chunk);
    lastSeq = Math.max(lastSeq, page.next_offset);
    if (page.done) ended = true;
    else if (page.chunks.length === 0) await sleep(interval);
  }
  let run = await client.runs.get(runId);
  // The log can be complete a moment before the row is: wait for the final status.
  while (!isTerminal(run.status)) {
    await sleep(interval);
    run = await client.runs.get(runId);
  }
  return run;
}

/** Resolves true when the server sent `end`, false when the stream closed without it. */
async function streamEvents(client: ApiClient, runId: string, emit: (chunk: RunLogChunk) => void): Promise<boolean> {
  const response = await client.runs.logsStream(runId);
  if (!response.body || !(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
    await response.body?.cancel();
    return false;
  }
  const reader = response.body
    .pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>)
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return false;
      if (value.event === 'log') emit(JSON.parse(value.data) as RunLogChunk);
      else if (value.event === 'end') return true;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

async function waitForRun(
  client: ApiClient,
  runId: string,
  options: FollowOptions,
  sleep: (ms: number) => Promise<void>,
  interval: number,
): Promise<Run> {
  let run = await client.runs.get(runId);
  while (!isTerminal(run.status)) {
    await sleep(interval);
    run = await client.runs.get(runId);
  }
  const now = new Date().toISOString();
  if (run.stdout) options.onChunk({ seq: 1, stream: 'stdout', data: run.stdout, created_at: now });
  if (run.stderr) options.onChunk({ seq: 2, stream: 'stderr', data: run.stderr, created_at: now });
  return run;
}
