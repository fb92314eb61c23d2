import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchEnv } from '../env';
import { freePort, productEnv, spawnCli, waitHealthy } from '../lib/product';
import { fmt, type Section } from '../lib/report';
import { median, repeat } from '../lib/stats';

/** `tunix-rt start` on a fresh embedded data directory until `/api/health` answers 200. */
export async function coldStartScenario(env: BenchEnv, log: (s: string) => void): Promise<Section> {
  const times = await repeat(env.sizes.coldStarts, async (rep) => {
    const dir = await mkdtemp(join(tmpdir(), 'tunix-cold-'));
    const port = await freePort();
    const t0 = performance.now();
    // The product as shipped: embedded database, embedded worker, default logging.
    const proc = spawnCli(
      ['start'],
      productEnv({ TUNIX_DATA_DIR: dir, BACKEND_PORT: String(port), TUNIX_EMBEDDED_WORKER: 'true', LOG_LEVEL: 'info' }),
    );
    try {
      await waitHealthy(`http://127.0.0.1:${port}`, proc, 60_000);
      const seconds = (performance.now() - t0) / 1000;
      log(`coldstart: #${rep + 1} ${seconds.toFixed(2)} s`);
      return seconds;
    } finally {
      await proc.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
  const s = median(times);
  return {
    rows: [
      {
        scenario: `cold start, embedded, fresh data dir (median of ${times.length})`,
        result: `${s.toFixed(2)} s (runs: ${times.map((t) => t.toFixed(2)).join(', ')})`,
        target: '≤ 5 s',
        met: s <= 5,
      },
    ],
    notes: [
      `Cold start: spawn of \`node apps/cli/bin/tunix-rt.mjs start\` to the first 200 from /api/health (${fmt.int(times.length)} runs).`,
    ],
  };
}
