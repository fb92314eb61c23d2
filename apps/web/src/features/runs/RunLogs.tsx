import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiClient } from '@tunix-rt/client';
import type { RunLogChunk } from '@tunix-rt/contract';
import { useEffect, useRef, useState } from 'react';
import { useApi, useApiKey } from '../../shared/api';
import { LIVE_REFRESH_MS, runKeys } from './keys';
import { chunksToText, mergeChunks, parseStreamData } from './logChunks';

const PAGE = 1000;
const MAX_PAGES = 20;

async function fetchAllLogs(api: ApiClient, runId: string): Promise<RunLogChunk[]> {
  let chunks: RunLogChunk[] = [];
  let offset = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await api.runs.logs(runId, { offset, limit: PAGE });
    chunks = mergeChunks(chunks, result.chunks);
    if (result.done || result.chunks.length < PAGE || result.next_offset <= offset) break;
    offset = result.next_offset;
  }
  return chunks;
}

/**
 * Live tail: an EventSource on `/logs/stream` while the run is pending/running; once it has
 * ended (or where EventSource is missing) the stored log is read with GET `/logs`. EventSource
 * cannot send an Authorization header, so with an API key set the stored log is polled instead
 * (the server may require the key for reads).
 */
export function RunLogs({ runId, active }: { runId: string; active: boolean }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const { hasKey } = useApiKey();
  const streaming = active && !hasKey && typeof EventSource !== 'undefined';
  const [streamed, setStreamed] = useState<RunLogChunk[]>([]);
  const pre = useRef<HTMLPreElement>(null);

  useEffect(() => {
    if (!streaming) return;
    const source = new EventSource(api.logsStreamUrl(runId));
    let localSeq = 1_000_000_000;
    const onData = (event: MessageEvent<string>) => {
      const chunks = parseStreamData(event.data, localSeq++);
      if (chunks.length > 0) setStreamed((prev) => mergeChunks(prev, chunks));
    };
    // `end` carries the final status: refresh the run now rather than at the next poll.
    const onEnd = () => {
      source.close();
      void queryClient.invalidateQueries({ queryKey: runKeys.all });
    };
    source.addEventListener('message', onData);
    source.addEventListener('log', onData as EventListener);
    source.addEventListener('end', onEnd);
    source.addEventListener('done', onEnd);
    return () => source.close();
  }, [api, queryClient, runId, streaming]);

  const stored = useQuery({
    queryKey: runKeys.logs(runId),
    queryFn: () => fetchAllLogs(api, runId),
    enabled: !streaming,
    refetchInterval: active ? LIVE_REFRESH_MS : false,
  });

  const chunks = streaming ? streamed : mergeChunks(streamed, stored.data ?? []);
  const text = chunksToText(chunks);
  // Keep the newest lines in view, like `tail -f`.
  useEffect(() => {
    if (pre.current && text) pre.current.scrollTop = pre.current.scrollHeight;
  }, [text]);

  return (
    <details className="run-logs" open>
      <summary>Logs{streaming ? ' (live)' : ''}</summary>
      {stored.isError && !streaming ? (
        <p className="hint">Logs are not available for this run.</p>
      ) : (
        <pre ref={pre} className="log scroll" data-testid={`tunix:detail-logs-${runId}`} aria-live="polite">
          {text || (streaming || stored.isPending ? 'Waiting for output...' : 'No log output.')}
        </pre>
      )}
    </details>
  );
}
