import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startServer } from './lib/product';
import { analyze, seedDataset, seedRuns, seedTraces } from './lib/seed';
import { createTarget, withDb } from './lib/target';

// Where does the server spend its CPU under one load? Seeds a fresh database, runs the server
// with --cpu-prof, drives one request with autocannon (or one export), prints self time by
// function and by package. `node --import tsx bench/profile.ts --path '/api/traces?limit=20'`.

const { values } = parseArgs({
  options: {
    path: { type: 'string', default: '/api/traces?limit=20' },
    rows: { type: 'string', default: '100000' },
    export: { type: 'string' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '100' },
    method: { type: 'string', default: 'GET' },
    body: { type: 'string' },
  },
});

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
}

const rows = Number(values.rows);
const target = await createTarget(process.env.DATABASE_URL);
const dir = await mkdtemp(join(tmpdir(), 'tunix-prof-'));
try {
  await withDb(target, async ({ pool }) => {
    await seedTraces(pool, 1, rows);
    await seedRuns(pool, Math.min(rows, 100_000));
    if (values.export) await seedDataset(pool, 'bench-profile', Math.min(rows, Number(values.export)));
    await analyze(pool);
  });
  const server = await startServer(target.env, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  try {
    if (values.export) {
      const t0 = Date.now();
      const res = await fetch(`${server.url}/api/datasets/bench-profile/export.jsonl?format=tunix_sft`);
      const text = await res.text();
      console.log(
        `export: ${text.length} bytes in ${Date.now() - t0} ms; peak RSS ${server.peakRssMb().toFixed(0)} MB`,
      );
    } else {
      const r = await autocannon({
        url: server.url + values.path,
        connections: Number(values.connections),
        duration: Number(values.seconds),
        method: values.method,
        ...(values.body ? { body: await readFile(values.body), headers: { 'content-type': 'application/json' } } : {}),
      });
      console.log(`p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${r.requests.average} req/s, ${r.non2xx} non-2xx`);
    }
  } finally {
    await server.stop();
  }
  const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as { nodes: Node[] };
  const total = profile.nodes.reduce((n, x) => n + x.hitCount, 0);
  const byFn = new Map<string, number>();
  const byPkg = new Map<string, number>();
  for (const n of profile.nodes) {
    const url = n.callFrame.url;
    const pkg =
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
      (/\/work\/main\/([^/]+\/[^/]+)/.exec(url)?.[1] || (url.startsWith('node:') ? 'node:internal' : url || '(vm)'));
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${url.replace(/.*\/(node_modules|work\/main)\//, '')}:${n.callFrame.lineNumber}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + n.hitCount);
    byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + n.hitCount);
  }
  const top = (m: Map<string, number>, k: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, hits]) => `${((hits / total) * 100).toFixed(1).padStart(5)}%  ${name}`)
      .join('\n');
  console.log(`\nself time by package (${total} samples; profile in ${dir}/${file}):\n${top(byPkg, 15)}`);
  console.log(`\nself time by function:\n${top(byFn, 25)}`);
} finally {
  await target.drop();
}
