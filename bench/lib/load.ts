import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type pg from 'pg';
import { percentile } from './stats';

export interface Load {
  p50: number;
  p99: number;
  rps: number;
  errors: number;
}

/** HTTP load with autocannon: `connections` keep-alive connections for `seconds`. */
export async function httpLoad(url: string, connections: number, seconds: number): Promise<Load> {
  const r = await autocannon({ url, connections, duration: seconds });
  return { p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average, errors: r.errors + r.non2xx + r.timeouts };
}

/**
 * The raw-SQL limit: `concurrency` callers issue the same parameterised statement through a
 * `pg` pool (the server's pool size) for `seconds`, with no HTTP, validation or serialisation.
 */
export async function sqlLoad(
  pool: pg.Pool,
  text: string,
  values: unknown[],
  concurrency: number,
  seconds: number,
): Promise<Load> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const caller = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        await pool.query(text, values);
        latencies.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, caller));
  const elapsed = (performance.now() - t0) / 1000;
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), rps: latencies.length / elapsed, errors };
}
