import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { type BenchEnv, loadBenchEnv } from './env';
import { REPO } from './lib/product';
import { markdownTable, printTable, type Row, type Section, writeResults } from './lib/report';
import { createTarget, serverVersion } from './lib/target';
import { coldStartScenario } from './scenarios/coldstart';
import { exportScenario } from './scenarios/export';
import { importScenario } from './scenarios/import';
import { ingestScenario } from './scenarios/ingest';
import { listsScenario } from './scenarios/lists';
import { queueScenario } from './scenarios/queue';

// `npm run bench [-- --smoke] [-- --only lists,export] [-- --out FILE]`; see bench/README.md.

const started = Date.now();
// Other work on a shared machine skews every figure; the load average says how much there was.
const loadAtStart = loadavg()[0]!;
const log = (s: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);

function versionOf(pkg: string): string {
  const path = join(REPO, 'node_modules', pkg, 'package.json');
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}

async function main(env: BenchEnv): Promise<void> {
  const wanted = (name: string) => env.only.length === 0 || env.only.includes(name);
  const target = await createTarget(env.databaseUrl);
  const sections: Section[] = [];
  let database = '';
  try {
    database = await serverVersion(target);
    log(`database: ${target.label} — ${database}${env.smoke ? ' (smoke run: tiny sizes)' : ''}`);
    // Order matters: lists run on exactly the seeded rows, before ingest and export add more.
    if (wanted('lists')) sections.push(await listsScenario(env, target, log));
    if (wanted('ingest')) sections.push(await ingestScenario(env, target, log));
    if (wanted('export')) sections.push(await exportScenario(env, target, log));
    if (wanted('queue')) sections.push(await queueScenario(env, target, log));
    if (wanted('import')) sections.push(await importScenario(env, target, log));
  } finally {
    await target.drop();
  }
  if (wanted('coldstart')) sections.push(await coldStartScenario(env, log));

  const rows: Row[] = sections.flatMap((s) => s.rows);
  printTable(rows);
  if (!env.out) return;
  const machine = [
    `- date: ${new Date().toISOString()}`,
    `- machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB, ${type()} (shared, noisy: medians of ${env.reps} repetitions)`,
    `- node ${process.version}; database: ${target.label}, ${database}`,
    `- fastify ${versionOf('fastify')}, pg ${versionOf('pg')}, kysely ${versionOf('kysely')}, @electric-sql/pglite ${versionOf('@electric-sql/pglite')}, autocannon ${versionOf('autocannon')}`,
    `- sizes: BENCH_SCALE=${env.scale || 'smoke'}; server: \`tunix-rt start\` child process, LOG_LEVEL=warn, TUNIX_WRITE_RATE_LIMIT=0, pool 15`,
    `- bench wall time: ${((Date.now() - started) / 1000).toFixed(0)} s; 1-minute load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end (${cpus().length} cores)`,
  ].join('\n');
  const notes = sections.flatMap((s) => s.notes).join('\n\n');
  writeResults(env.out, `## Latest run (${target.label})\n\n${machine}\n\n${markdownTable(rows)}\n\n${notes}\n`);
  log(`results written to ${env.out}`);
}

await main(loadBenchEnv()).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
