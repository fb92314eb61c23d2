import { parseArgs } from 'node:util';

/**
 * The benchmark's configuration, parsed once (STYLE.md §8): `--smoke` for CI (tiny sizes, no
 * timing checks anywhere), `BENCH_SCALE` to scale every size, `DATABASE_URL` for PostgreSQL.
 */
export interface BenchEnv {
  smoke: boolean;
  scale: number;
  /** Admin URL of a PostgreSQL server: the bench creates (and drops) its own database there. */
  databaseUrl: string | undefined;
  /** Scenario names to run; all when empty. */
  only: string[];
  /** Where the results section is written; smoke runs write nowhere unless given. */
  out: string | undefined;
  reps: number;
  sizes: {
    listRows: number;
    connections: number;
    durationSeconds: number;
    ingestTraces: number;
    ingestConcurrency: number;
    exportSizes: number[];
    queueRuns: number;
    importTraces: number;
    coldStarts: number;
  };
}

export const SCENARIOS = ['lists', 'ingest', 'export', 'queue', 'import', 'coldstart'] as const;

export function loadBenchEnv(argv = process.argv.slice(2), vars = process.env): BenchEnv {
  const { values } = parseArgs({
    args: argv,
    options: { smoke: { type: 'boolean', default: false }, only: { type: 'string' }, out: { type: 'string' } },
  });
  const smoke = values.smoke ?? false;
  const rawScale = vars.BENCH_SCALE ?? '1';
  const scale = Number(rawScale);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 10) {
    throw new Error(`BENCH_SCALE must be a number in (0, 10] (got ${JSON.stringify(rawScale)})`);
  }
  const only = values.only ? values.only.split(',').map((s) => s.trim()) : [];
  for (const name of only) {
    if (!(SCENARIOS as readonly string[]).includes(name)) {
      throw new Error(`--only: unknown scenario ${name} (known: ${SCENARIOS.join(', ')})`);
    }
  }
  const n = (full: number, tiny: number) => (smoke ? tiny : Math.max(tiny, Math.round(full * scale)));
  return {
    smoke,
    scale: smoke ? 0 : scale,
    databaseUrl: vars.DATABASE_URL || undefined,
    only,
    out: values.out ?? (smoke ? undefined : 'BENCHMARKS.md'),
    reps: smoke ? 1 : 3,
    sizes: {
      listRows: n(100_000, 500),
      connections: smoke ? 10 : 100,
      durationSeconds: smoke ? 1 : 5,
      ingestTraces: n(100_000, 2_000),
      ingestConcurrency: 4,
      exportSizes: [n(10_000, 100), n(100_000, 300), n(1_000_000, 1_000)],
      queueRuns: n(500, 10),
      importTraces: n(100_000, 200),
      coldStarts: smoke ? 1 : 5,
    },
  };
}
