import { ApiError } from '@tunix-rt/client';
import { describe, expect, it } from 'vitest';
import { importTraces, parseLine } from '../src/traces/importer';

const trace = (prompt: string) => ({
  trace_version: '1.0',
  prompt,
  final_answer: 'a',
  steps: [{ i: 0, type: 't', content: 'c' }],
});

async function* linesOf(lines: string[]) {
  for (const line of lines) yield line;
}

/**
 * Behaves like POST /api/traces/batch: all-or-nothing, and a 422 names only the first
 * invalid element (the server validates with allErrors off).
 */
function fakeServer(options: { maxItemsPerRequest?: number; failWith?: ApiError } = {}) {
  const stored: unknown[] = [];
  const requests: number[] = [];
  const send = async (items: unknown[]) => {
    requests.push(items.length);
    if (options.failWith) throw options.failWith;
    if (options.maxItemsPerRequest && items.length > options.maxItemsPerRequest) {
      throw new ApiError(413, 'Payload size exceeds maximum of 10 bytes');
    }
    const bad = items.findIndex((t) => (t as { prompt?: unknown }).prompt === '');
    if (bad >= 0) {
      throw new ApiError(422, [
        { type: 'string_too_short', loc: ['body', bad, 'prompt'], msg: 'String should have at least 1 character' },
      ]);
    }
    stored.push(...items);
    return items.length;
  };
  return { send, stored, requests };
}

describe('parseLine', () => {
  it('accepts a JSON object and rejects other JSON with a reason', () => {
    expect(parseLine('{"a":1}')).toEqual({ trace: { a: 1 } });
    expect(parseLine('{oops')).toMatchObject({ error: expect.stringMatching(/^invalid JSON: /) });
    expect(parseLine('[1]')).toEqual({ error: 'expected a JSON object (one trace per line), got an array' });
    expect(parseLine('null')).toEqual({ error: 'expected a JSON object (one trace per line), got null' });
  });
});

describe('importTraces', () => {
  it('lands every valid line of a batch that holds invalid ones, with exact line numbers', async () => {
    const server = fakeServer();
    const lines = [
      JSON.stringify(trace('p1')),
      'not json',
      JSON.stringify(trace('')),
      '',
      JSON.stringify(trace('p4')),
      JSON.stringify(trace('')),
      JSON.stringify(trace('p6')),
    ];
    const reported: number[] = [];
    const result = await importTraces(linesOf(lines), {
      send: server.send,
      batchSize: 500,
      onRejected: (r) => reported.push(r.line),
    });
    expect(result).toMatchObject({ lines: 6, blank: 1, imported: 3, rejected: 3 });
    expect(result.error).toBeUndefined();
    expect(result.rejections.map((r) => r.line)).toEqual([2, 3, 6]);
    expect(reported).toEqual([2, 3, 6]);
    expect(result.rejections[1]?.detail).toBe('prompt: String should have at least 1 character');
    expect(server.stored.map((t) => (t as { prompt: string }).prompt)).toEqual(['p1', 'p4', 'p6']);
  });

  it('reports rejections in line order across batches with two in flight', async () => {
    const server = fakeServer();
    const lines = Array.from({ length: 25 }, (_, i) => JSON.stringify(trace(i % 4 === 0 ? '' : `p${i}`)));
    const reported: number[] = [];
    const result = await importTraces(linesOf(lines), {
      send: server.send,
      batchSize: 5,
      concurrency: 2,
      onRejected: (r) => reported.push(r.line),
    });
    const expected = [1, 5, 9, 13, 17, 21, 25];
    expect(reported).toEqual(expected);
    expect(result.imported).toBe(25 - expected.length);
    expect(server.stored).toHaveLength(25 - expected.length);
  });

  it('falls back to one line per request when a batch has many invalid lines', async () => {
    const server = fakeServer();
    const lines = Array.from({ length: 20 }, (_, i) => JSON.stringify(trace(i % 2 ? '' : `p${i}`)));
    const result = await importTraces(linesOf(lines), { send: server.send, batchSize: 20 });
    expect(result).toMatchObject({ imported: 10, rejected: 10 });
    // three resend rounds, then the 17 remaining lines one by one
    expect(server.requests.length).toBe(3 + 17);
  });

  it('halves a batch that exceeds the body limit', async () => {
    const server = fakeServer({ maxItemsPerRequest: 3 });
    const lines = Array.from({ length: 10 }, (_, i) => JSON.stringify(trace(`p${i}`)));
    const result = await importTraces(linesOf(lines), { send: server.send, batchSize: 10 });
    expect(result).toMatchObject({ imported: 10, rejected: 0 });
    expect(server.stored).toHaveLength(10);
  });

  it('retries 429 and stops on errors that are not about a line', async () => {
    let calls = 0;
    const flaky = async (items: unknown[]) => {
      calls += 1;
      if (calls === 1) throw new ApiError(429, 'Rate limit exceeded');
      return items.length;
    };
    const ok = await importTraces(linesOf([JSON.stringify(trace('p'))]), {
      send: flaky,
      batchSize: 10,
      sleep: async () => {},
    });
    expect(ok).toMatchObject({ imported: 1, rejected: 0 });

    const down = fakeServer({ failWith: new ApiError(401, 'Missing API key') });
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify(trace(`p${i}`)));
    const stopped = await importTraces(linesOf(lines), { send: down.send, batchSize: 5 });
    expect(stopped.imported).toBe(0);
    expect((stopped.error as ApiError).status).toBe(401);
    expect(down.requests.length).toBeLessThanOrEqual(2);
  });
});
