import { createClient } from '@tunix-rt/client';
import { describe, expect, it } from 'vitest';
import { exitCodeForStatus } from '../src/lib/errors';
import { followRun } from '../src/runs/follow';

const RUN_ID = '3f2b6c1e-8d4a-4b7e-9c2d-1a5e6f7b8c9d';
const at = '2025-01-01T00:00:00.000Z';
const chunk = (seq: number, data: string, stream = 'stdout') => ({ seq, stream, data, created_at: at });
const run = (status: string) => ({ run_id: RUN_ID, status, exit_code: status === 'completed' ? 0 : 1 });
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const sse = (text: string) => new Response(text, { headers: { 'content-type': 'text/event-stream' } });
const event = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

/** Routes by path; each route answers with its responses in order (the last one repeats). */
function fakeApi(routes: Record<string, Array<() => Response>>) {
  const calls: string[] = [];
  const fetch = async (url: string) => {
    const path = url.replace('http://api', '');
    calls.push(path);
    const key = Object.keys(routes).find(
      (k) => path.startsWith(k) && (k.includes('?') || !path.slice(k.length).startsWith('/')),
    );
    const list = key ? routes[key] : undefined;
    if (!list?.length) return json({ detail: 'Not Found' }, 404);
    return (list.length > 1 ? list.shift() : list[0])!();
  };
  return { client: createClient({ baseUrl: 'http://api', fetch }), calls };
}

const base = `/api/tunix/runs/${RUN_ID}`;

describe('followRun', () => {
  it('prints SSE log chunks in order and stops at the end event', async () => {
    const { client, calls } = fakeApi({
      [`${base}/logs/stream`]: [
        () =>
          sse(
            event('log', chunk(1, 'a\n')) +
              ': ping\n\n' +
              event('log', chunk(2, 'b\n', 'stderr')) +
              event('end', { status: 'completed' }),
          ),
      ],
      [base]: [() => json(run('completed'))],
    });
    const seen: string[] = [];
    const final = await followRun(client, RUN_ID, { onChunk: (c) => seen.push(`${c.stream}:${c.data}`) });
    expect(seen).toEqual(['stdout:a\n', 'stderr:b\n']);
    expect(final.status).toBe('completed');
    expect(calls.filter((c) => c.includes('/logs?'))).toEqual([]);
  });

  it('resumes by polling after the last chunk when the stream drops before the end', async () => {
    const { client, calls } = fakeApi({
      [`${base}/logs/stream`]: [() => sse(event('log', chunk(1, 'one\n')))],
      [`${base}/logs?offset=1`]: [
        () => json({ run_id: RUN_ID, chunks: [], next_offset: 1, done: false }),
        () => json({ run_id: RUN_ID, chunks: [chunk(1, 'one\n'), chunk(2, 'two\n')], next_offset: 2, done: false }),
      ],
      [`${base}/logs?offset=2`]: [() => json({ run_id: RUN_ID, chunks: [], next_offset: 2, done: true })],
      [base]: [() => json(run('running')), () => json(run('failed'))],
    });
    const seen: string[] = [];
    const final = await followRun(client, RUN_ID, {
      onChunk: (c) => seen.push(c.data),
      sleep: async () => {},
    });
    expect(seen).toEqual(['one\n', 'two\n']);
    expect(final.status).toBe('failed');
    expect(calls).toContain(`${base}/logs?offset=2&limit=500`);
  });

  it('polls when the server has no SSE endpoint', async () => {
    const { client } = fakeApi({
      [`${base}/logs?offset=0`]: [() => json({ run_id: RUN_ID, chunks: [chunk(1, 'x')], next_offset: 1, done: true })],
      [base]: [() => json(run('timeout'))],
    });
    const seen: string[] = [];
    const final = await followRun(client, RUN_ID, { onChunk: (c) => seen.push(c.data), sleep: async () => {} });
    expect(seen).toEqual(['x']);
    expect(final.status).toBe('timeout');
  });

  it('surfaces an unknown run as the server error', async () => {
    const missing = () => json({ detail: `Tunix run not found: ${RUN_ID}` }, 404);
    const { client } = fakeApi({ [`${base}/logs`]: [missing], [base]: [missing] });
    await expect(followRun(client, RUN_ID, { onChunk: () => {} })).rejects.toThrow('Tunix run not found');
  });
});

describe('exitCodeForStatus', () => {
  it('mirrors the run outcome', () => {
    expect(['completed', 'failed', 'timeout', 'cancelled', 'running'].map(exitCodeForStatus)).toEqual([
      0, 1, 124, 130, 1,
    ]);
  });
});
