import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchEnv } from '../env';
import { productEnv, spawnCli, startServer } from '../lib/product';
import { fmt, type Section } from '../lib/report';
import { apiTrace } from '../lib/seed';
import { median, repeat } from '../lib/stats';
import type { Target } from '../lib/target';

async function writeJsonl(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < count; i++) {
    if (!out.write(`${JSON.stringify(apiTrace(i))}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.end(resolve);
  });
}

/** `tunix-rt traces import FILE` against a running server, timed from spawn to exit. */
export async function importScenario(env: BenchEnv, target: Target, log: (s: string) => void): Promise<Section> {
  const count = env.sizes.importTraces;
  const scenario = `CLI \`traces import\`, ${fmt.int(count)} traces (1 KB JSONL)`;
  const help = spawnCli(['traces', 'import', '--help'], productEnv({}));
  if ((await help.exited) !== 0) {
    return {
      rows: [{ scenario, result: 'not available' }],
      notes: ['CLI import: **not available** — `tunix-rt traces import` does not exist in this build.'],
    };
  }
  const file = join(target.dir, 'bench-import.jsonl');
  await writeJsonl(file, count);
  const server = await startServer(target.env);
  try {
    const rates = await repeat(env.reps, async () => {
      const t0 = performance.now();
      const proc = spawnCli(['traces', 'import', file, '--no-progress'], productEnv({ TUNIX_URL: server.url }));
      const code = await proc.exited;
      if (code !== 0) throw new Error(`traces import exited ${code}:\n${proc.output()}`);
      const rate = count / ((performance.now() - t0) / 1000);
      log(`import: ${fmt.int(rate)} traces/s — ${proc.output().trim().split('\n')[0]}`);
      return rate;
    });
    return {
      rows: [{ scenario, result: `${fmt.int(median(rates))} traces/s (whole command, default batch size)` }],
      notes: ['CLI import: wall time from spawning the CLI to its exit, against a running server (HTTP).'],
    };
  } finally {
    await server.stop();
    await rm(file, { force: true });
  }
}
