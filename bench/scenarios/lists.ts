import { type RunFilters, runPageQuery } from '@tunix-rt/core/runs/repo';
import { tracePageQuery } from '@tunix-rt/core/traces/repo';
import type { Database } from '@tunix-rt/db';
import {
  type Compilable,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import type { BenchEnv } from '../env';
import { httpLoad, type Load, sqlLoad } from '../lib/load';
import { routeExists, startServer } from '../lib/product';
import { fmt, type Row, type Section } from '../lib/report';
import { analyze, seedRuns, seedTraces } from '../lib/seed';
import { medianOf, repeat } from '../lib/stats';
import { SERVER_POOL, type Target, withDb } from '../lib/target';

interface ListCase {
  name: string;
  path: string;
  /** The statement the endpoint runs, for the raw limit and EXPLAIN. */
  sql: string;
  values: unknown[];
  needsRuns: boolean;
}

// The statements are compiled from the repos' own query builders, so the raw limit and the
// EXPLAIN always measure exactly what the endpoints run.
const compiler = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});
const statement = (query: Compilable) => {
  const { sql, parameters } = query.compile();
  return { sql, values: [...parameters] };
};
const traces = (offset: number) => statement(tracePageQuery(compiler, 21, offset));
const runs = (filters: RunFilters, offset: number) => statement(runPageQuery(compiler, filters, 21, offset));

function cases(rows: number): ListCase[] {
  const mid = Math.floor(rows / 2);
  const last = rows - 20;
  // Statuses cycle over 8 slots, 3 of them "completed"; dataset keys over 50.
  const completedMid = Math.floor((rows * 3) / 8 / 2);
  return [
    { name: 'traces, first page', path: '/api/traces?limit=20', ...traces(0), needsRuns: false },
    {
      name: `traces, offset ${fmt.int(mid)}`,
      path: `/api/traces?limit=20&offset=${mid}`,
      ...traces(mid),
      needsRuns: false,
    },
    {
      name: `traces, offset ${fmt.int(last)} (last page)`,
      path: `/api/traces?limit=20&offset=${last}`,
      ...traces(last),
      needsRuns: false,
    },
    { name: 'runs, first page', path: '/api/tunix/runs?limit=20', ...runs({}, 0), needsRuns: true },
    {
      name: 'runs, status=completed',
      path: '/api/tunix/runs?limit=20&status=completed',
      ...runs({ status: 'completed' }, 0),
      needsRuns: true,
    },
    {
      name: 'runs, dataset_key + status + mode',
      path: '/api/tunix/runs?limit=20&dataset_key=bench-ds-7&status=failed&mode=dry-run',
      ...runs({ status: 'failed', mode: 'dry-run', dataset_key: 'bench-ds-7' }, 0),
      needsRuns: true,
    },
    {
      name: `runs, offset ${fmt.int(mid)}`,
      path: `/api/tunix/runs?limit=20&offset=${mid}`,
      ...runs({}, mid),
      needsRuns: true,
    },
    {
      name: `runs, status=completed, offset ${fmt.int(completedMid)}`,
      path: `/api/tunix/runs?limit=20&status=completed&offset=${completedMid}`,
      ...runs({ status: 'completed' }, completedMid),
      needsRuns: true,
    },
  ];
}

/** Plan nodes of one statement (EXPLAIN ANALYZE), to show which index serves it. */
async function explain(target: Target, c: ListCase): Promise<string> {
  return withDb(target, async ({ pool }) => {
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, COSTS OFF, SUMMARY OFF) ${c.sql}`,
      c.values,
    );
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

export async function listsScenario(env: BenchEnv, target: Target, log: (s: string) => void): Promise<Section> {
  const { listRows, connections, durationSeconds } = env.sizes;
  log(`lists: seeding ${fmt.int(listRows)} traces and ${fmt.int(listRows)} runs`);
  await withDb(target, async ({ pool }) => {
    await seedTraces(pool, 1, listRows);
    await seedRuns(pool, listRows);
    await analyze(pool);
  });
  const all = cases(listRows);
  const plans = new Map<string, string>();
  const raw = new Map<string, Load[]>();
  // Raw limits first: the embedded database admits one process at a time.
  for (const c of all) {
    plans.set(c.name, await explain(target, c));
    log(`lists: raw SQL  ${c.name}`);
    raw.set(
      c.name,
      await withDb(
        target,
        async ({ pool }) => {
          await sqlLoad(pool, c.sql, c.values, connections, 1); // warm-up
          return repeat(env.reps, () => sqlLoad(pool, c.sql, c.values, connections, durationSeconds));
        },
        SERVER_POOL,
      ),
    );
  }

  const rows: Row[] = [];
  const notes: string[] = [];
  const server = await startServer(target.env);
  try {
    const runsAvailable = await routeExists(server.url, 'GET', '/api/tunix/runs?limit=1');
    if (!runsAvailable) notes.push('`GET /api/tunix/runs`: **not available** in this build (route absent).');
    for (const c of all) {
      const limit = raw.get(c.name)!;
      const limitText = `${fmt.int(medianOf(limit, (l) => l.rps))} q/s, p50 ${fmt.ms(medianOf(limit, (l) => l.p50))} ms`;
      if (c.needsRuns && !runsAvailable) {
        rows.push({ scenario: `GET ${c.name}`, result: 'not available', limit: limitText });
        continue;
      }
      log(`lists: HTTP     ${c.name}`);
      await httpLoad(server.url + c.path, connections, 1); // warm-up
      const runs = await repeat(env.reps, () => httpLoad(server.url + c.path, connections, durationSeconds));
      const p50 = medianOf(runs, (r) => r.p50);
      const p99 = medianOf(runs, (r) => r.p99);
      const rps = medianOf(runs, (r) => r.rps);
      const errors = runs.reduce((n, r) => n + r.errors, 0);
      const ratio = rps / medianOf(limit, (l) => l.rps);
      rows.push({
        scenario: `GET ${c.name}`,
        result: `p50 ${fmt.ms(p50)} ms, p99 ${fmt.ms(p99)} ms, ${fmt.int(rps)} req/s${errors ? `, ${errors} errors` : ''}`,
        limit: limitText,
        ratio,
        target: 'p50 ≤ 5, p99 ≤ 25 ms, ≥ 0.5×',
        met: p50 <= 5 && p99 <= 25 && ratio >= 0.5,
      });
    }
  } finally {
    await server.stop();
  }
  notes.push(
    `Lists: ${fmt.int(listRows)} traces and ${fmt.int(listRows)} runs, ${connections} connections, ` +
      `${durationSeconds} s per repetition. Limit: the same statement through \`pg\` from ${connections} concurrent ` +
      `callers on a ${SERVER_POOL}-connection pool (the server's pool size).`,
  );
  const planText = all
    .map((c) => `-- ${c.name}\n${c.sql}\n${plans.get(c.name)}`)
    .join('\n\n')
    .replace(/```/g, '');
  notes.push(
    `<details><summary>EXPLAIN ANALYZE of every list statement</summary>\n\n\`\`\`\n${planText}\n\`\`\`\n</details>`,
  );
  const seq = all.filter((c) => /Seq Scan/.test(plans.get(c.name) ?? ''));
  notes.push(
    seq.length
      ? `**Sequential scans** in: ${seq.map((c) => c.name).join(', ')}.`
      : `No sequential scan in any list plan at ${fmt.int(listRows)} rows.`,
  );
  return { rows, notes };
}
