import type pg from 'pg';

// Bench data made by SQL so 1M rows take seconds, not an hour of HTTP. Ids are md5-derived
// (deterministic across runs); created_at repeats every two rows so the tie-breaker matters.

const SEED_CHUNK = 50_000;

/** ~1 KB payloads like real reasoning traces: a prompt, four steps, an answer, small meta. */
const TRACE_SELECT = `
  SELECT md5('trace-' || g)::uuid,
         timestamptz '2024-01-01' + (g / 2) * interval '1 second',
         '1.0',
         jsonb_build_object(
           'trace_version', '1.0',
           'prompt', 'Question ' || g || ': ' || repeat('how many apples remain after sharing? ', 5),
           'final_answer', 'Answer ' || (g % 97),
           'steps', jsonb_build_array(
             jsonb_build_object('i', 0, 'type', 'parse', 'content', repeat('Read the numbers in the question. ', 4)),
             jsonb_build_object('i', 1, 'type', 'plan', 'content', repeat('Decide to divide, then subtract. ', 4)),
             jsonb_build_object('i', 2, 'type', 'compute', 'content', repeat('Compute the quotient carefully. ', 4)),
             jsonb_build_object('i', 3, 'type', 'result', 'content', repeat('State the remaining apples. ', 4))),
           'meta', jsonb_build_object('source', 'bench', 'n', g,
                                      'split', CASE WHEN g % 10 = 0 THEN 'eval' ELSE 'train' END))
  FROM generate_series($1::int, $2::int) AS g`;

/** Adds traces numbered [from, to] (in chunks, so PGlite never holds one huge statement). */
export async function seedTraces(pool: pg.Pool, from: number, to: number): Promise<void> {
  for (let lo = from; lo <= to; lo += SEED_CHUNK) {
    const hi = Math.min(to, lo + SEED_CHUNK - 1);
    await pool.query(`INSERT INTO traces (id, created_at, trace_version, payload) ${TRACE_SELECT}`, [lo, hi]);
  }
}

export const RUN_DATASETS = 50;

/** Runs spread over 50 dataset keys, both modes and every status; ~600 B of summary output each. */
export async function seedRuns(pool: pg.Pool, count: number): Promise<void> {
  for (let lo = 1; lo <= count; lo += SEED_CHUNK) {
    const hi = Math.min(count, lo + SEED_CHUNK - 1);
    await pool.query(
      `INSERT INTO tunix_runs (run_id, dataset_key, model_id, mode, status, exit_code, started_at, completed_at,
                               duration_seconds, stdout, stderr, created_at, output_dir, message, config)
       SELECT md5('run-' || g)::uuid,
              'bench-ds-' || (g % ${RUN_DATASETS}),
              'google/gemma-2b-it',
              CASE WHEN g % 4 = 0 THEN 'local' ELSE 'dry-run' END,
              (ARRAY['completed','completed','completed','failed','timeout','cancelled','pending','running'])[1 + g % 8],
              0,
              timestamptz '2024-01-01' + (g / 2) * interval '1 second' + interval '40 ms',
              timestamptz '2024-01-01' + (g / 2) * interval '1 second' + interval '900 ms',
              0.86,
              repeat('validated manifest and dataset; ', 15),
              '',
              timestamptz '2024-01-01' + (g / 2) * interval '1 second',
              '/tmp/runs/' || g,
              'Dry-run validation successful',
              '{"learning_rate": 2e-5, "num_epochs": 3}'::jsonb
       FROM generate_series($1::int, $2::int) AS g`,
      [lo, hi],
    );
  }
}

/**
 * A dataset of the newest `size` traces (membership inserted directly: the API caps a build at
 * 10 000). Content hash and stats are placeholders; exports do not read them.
 */
export async function seedDataset(pool: pg.Pool, key: string, size: number): Promise<void> {
  await pool.query(
    `INSERT INTO datasets (dataset_key, build_id, dataset_name, dataset_version, dataset_schema_version, created_at,
                           filters, selection_strategy, seed, trace_count, stats, content_hash)
     VALUES ($1::varchar, md5($1::text)::uuid, $1::varchar, 'v1', '1.0', now(), '{}', 'latest', NULL, $2, '{}', repeat('0', 64))`,
    [key, size],
  );
  await pool.query(
    `INSERT INTO dataset_traces (dataset_key, position, trace_id)
     SELECT $1::varchar, (row_number() OVER (ORDER BY created_at DESC, id DESC)) - 1, id
     FROM (SELECT id, created_at FROM traces ORDER BY created_at DESC, id DESC LIMIT $2) t`,
    [key, size],
  );
}

export async function analyze(pool: pg.Pool): Promise<void> {
  // What autovacuum does shortly after a bulk load: statistics plus the visibility map that
  // index-only scans rely on.
  await pool.query('VACUUM ANALYZE');
}

/** A ~1 KB trace as the API takes it (request body element of POST /api/traces/batch). */
export function apiTrace(n: number) {
  const rep = (s: string, k: number) => s.repeat(k);
  return {
    trace_version: '1.0',
    prompt: `Question ${n}: ${rep('how many apples remain after sharing? ', 5)}`,
    final_answer: `Answer ${n % 97}`,
    steps: [
      { i: 0, type: 'parse', content: rep('Read the numbers in the question. ', 4) },
      { i: 1, type: 'plan', content: rep('Decide to divide, then subtract. ', 4) },
      { i: 2, type: 'compute', content: rep('Compute the quotient carefully. ', 4) },
      { i: 3, type: 'result', content: rep('State the remaining apples. ', 4) },
    ],
    meta: { source: 'bench-ingest', n, split: n % 10 === 0 ? 'eval' : 'train' },
  };
}
