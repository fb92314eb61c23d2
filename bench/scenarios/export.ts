import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { BenchEnv } from '../env';
import { type Server, startServer } from '../lib/product';
import { fmt, type Row, type Section } from '../lib/report';
import { analyze, seedDataset, seedTraces } from '../lib/seed';
import { median, repeat } from '../lib/stats';
import { type Target, withDb } from '../lib/target';

const HEAP_CAP_MB = 96;

/** Streams one export, counting lines; returns lines/s. */
function exportOnce(server: Server, key: string, expected: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let lines = 0;
    const req = request(`${server.url}/api/datasets/${key}/export.jsonl?format=tunix_sft`, (res) => {
      if (res.statusCode !== 200) reject(new Error(`export ${key}: HTTP ${res.statusCode}`));
      res.on('data', (chunk: Buffer) => {
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      });
      res.on('end', () => {
        if (lines !== expected) reject(new Error(`export ${key}: ${lines} lines, expected ${expected}`));
        else resolve(lines / ((performance.now() - t0) / 1000));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export async function exportScenario(env: BenchEnv, target: Target, log: (s: string) => void): Promise<Section> {
  const sizes = env.sizes.exportSizes;
  const largest = Math.max(...sizes);
  await withDb(target, async ({ pool }) => {
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM traces');
    const have = rows[0]!.n;
    if (have < largest) {
      log(`export: seeding ${fmt.int(largest - have)} more traces (to ${fmt.int(largest)})`);
      // Numbered past anything the lists scenario created so ids never collide.
      await seedTraces(pool, 10_000_001, 10_000_000 + largest - have);
    }
    for (const size of sizes) await seedDataset(pool, `bench-export-${size}`, size);
    await analyze(pool);
  });

  const rows: Row[] = [];
  const peaks: number[] = [];
  for (const size of sizes) {
    // A fresh server per size, so its peak RSS (VmHWM) belongs to this size alone.
    const server = await startServer(target.env);
    try {
      const baseline = server.rssMb();
      const rates = await repeat(env.reps, async () => {
        log(`export: tunix_sft of ${fmt.int(size)} traces`);
        return exportOnce(server, `bench-export-${size}`, size);
      });
      const peak = server.peakRssMb();
      peaks.push(peak);
      const rate = median(rates);
      rows.push({
        scenario: `export tunix_sft, ${fmt.int(size)} traces`,
        result: `${fmt.int(rate)} lines/s, peak RSS ${fmt.mb(peak)} (idle ${fmt.mb(baseline)})`,
        target: '≥ 100,000 lines/s, < 250 MB',
        met: rate >= 100_000 && peak < 250,
      });
    } finally {
      await server.stop();
    }
  }
  // Bounded, not only flat: the largest export once more with V8's old space capped far below
  // the export's size (a buffered export of ~1 KB × N lines could not finish under the cap).
  const capped = await startServer(target.env, [`--max-old-space-size=${HEAP_CAP_MB}`]);
  try {
    log(`export: tunix_sft of ${fmt.int(largest)} traces, old space capped at ${HEAP_CAP_MB} MB`);
    const rate = await exportOnce(capped, `bench-export-${largest}`, largest);
    rows.push({
      scenario: `export tunix_sft, ${fmt.int(largest)} traces, server old space capped at ${HEAP_CAP_MB} MB`,
      result: `${fmt.int(rate)} lines/s, peak RSS ${fmt.mb(capped.peakRssMb())} (one export)`,
    });
  } finally {
    await capped.stop();
  }
  const growth = peaks[peaks.length - 1]! - peaks[0]!;
  return {
    rows,
    notes: [
      `Export: GET /api/datasets/{key}/export.jsonl?format=tunix_sft streamed to the bench and counted; peak RSS is ` +
        `the server process's VmHWM from /proc after ${env.reps} exports of one size (fresh process per size). ` +
        `Peak RSS from ${fmt.int(sizes[0]!)} to ${fmt.int(largest)} traces: ${fmt.mb(peaks[0]!)} → ` +
        `${fmt.mb(peaks[peaks.length - 1]!)} (${growth >= 0 ? '+' : ''}${growth.toFixed(0)} MB).`,
    ],
  };
}
