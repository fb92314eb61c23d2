import type { RunMode, RunStatus } from '@tunix-rt/contract';
import type { TunixRunsTable } from '@tunix-rt/db';
import { type Selectable, sql } from 'kysely';
import type { Db } from '../context';

// SQL only (STYLE.md §1). Every state change is a conditional UPDATE on the expected current
// status, so concurrent processes (API, workers, reapers) can never both win a transition.

export type RunRow = Selectable<TunixRunsTable>;

export interface NewRun {
  run_id: string;
  dataset_key: string;
  model_id: string;
  mode: RunMode;
  status: 'pending' | 'running';
  output_dir: string;
  message: string;
  dataset_hash: string | null;
  manifest_yaml: string | null;
  config: Record<string, unknown>;
  retry_of: string | null;
  max_retries: number;
  started_at: Date | null;
  created_at: Date;
  /** Set for runs executed at once by the inserting process (sync runs). */
  worker_id: string | null;
}

export async function insertRun(db: Db, run: NewRun): Promise<RunRow> {
  return db
    .insertInto('tunix_runs')
    .values({
      ...run,
      config: JSON.stringify(run.config),
      exit_code: null,
      completed_at: null,
      duration_seconds: null,
      stdout: '',
      stderr: '',
      attempt: run.status === 'running' ? 1 : 0,
      heartbeat_at: run.status === 'running' ? sql<Date>`now()` : null,
      cancel_requested: false,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findRun(db: Db, runId: string): Promise<RunRow | undefined> {
  return db.selectFrom('tunix_runs').selectAll().where('run_id', '=', runId).executeTakeFirst();
}

export interface RunFilters {
  status?: string | undefined;
  mode?: string | undefined;
  dataset_key?: string | undefined;
}

const LIST_COLUMNS = [
  'r.run_id',
  'r.dataset_key',
  'r.model_id',
  'r.mode',
  'r.status',
  'r.started_at',
  'r.duration_seconds',
  'r.created_at',
] as const;

/**
 * A page of runs, newest first. Deferred join: the page's ids come from the filter's
 * (key, created_at, run_id) index alone, then only those rows are read. Deep offsets step
 * over index entries instead of run rows carrying up to 20 KB of output summaries.
 */
export function runPageQuery(db: Db, filters: RunFilters, limit: number, offset: number) {
  let page = db.selectFrom('tunix_runs').select(['run_id', 'created_at']);
  // An empty string means "no filter" (API.md §6.5).
  if (filters.status) page = page.where('status', '=', filters.status);
  if (filters.mode) page = page.where('mode', '=', filters.mode);
  if (filters.dataset_key) page = page.where('dataset_key', '=', filters.dataset_key);
  return db
    .selectFrom(page.orderBy('created_at', 'desc').orderBy('run_id', 'desc').limit(limit).offset(offset).as('p'))
    .innerJoin('tunix_runs as r', 'r.run_id', 'p.run_id')
    .select(LIST_COLUMNS)
    .orderBy('p.created_at', 'desc')
    .orderBy('p.run_id', 'desc');
}

export async function listRuns(db: Db, filters: RunFilters, limit: number, offset: number) {
  return runPageQuery(db, filters, limit, offset).execute();
}

/** pending → running for exactly one worker; undefined when someone else got it (or it was cancelled). */
export async function claimRun(db: Db, runId: string, workerId: string): Promise<RunRow | undefined> {
  return db
    .updateTable('tunix_runs')
    .set({
      status: 'running',
      attempt: sql<number>`attempt + 1`,
      worker_id: workerId,
      heartbeat_at: sql<Date>`now()`,
      started_at: new Date(),
      message: 'Run claimed by a worker',
    })
    .where('run_id', '=', runId)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}

export interface Outcome {
  status: Exclude<RunStatus, 'pending' | 'running'>;
  exit_code: number | null;
  stdout: string;
  stderr: string;
  message: string;
  completed_at: Date;
  duration_seconds: number;
}

/** running → terminal, only by the worker that owns the run (a reaped run stays reaped). */
export async function finishRun(
  db: Db,
  runId: string,
  workerId: string,
  outcome: Outcome,
): Promise<RunRow | undefined> {
  return db
    .updateTable('tunix_runs')
    .set({ ...outcome, heartbeat_at: null })
    .where('run_id', '=', runId)
    .where('status', '=', 'running')
    .where('worker_id', '=', workerId)
    .returningAll()
    .executeTakeFirst();
}

/** Refreshes the heartbeat of the runs this worker executes; returns the ids it still owns. */
export async function heartbeat(db: Db, runIds: string[], workerId: string): Promise<string[]> {
  if (runIds.length === 0) return [];
  const rows = await db
    .updateTable('tunix_runs')
    .set({ heartbeat_at: sql<Date>`now()` })
    .where('run_id', 'in', runIds)
    .where('status', '=', 'running')
    .where('worker_id', '=', workerId)
    .returning('run_id')
    .execute();
  return rows.map((r) => r.run_id);
}

export async function cancelRequestedAmong(db: Db, runIds: string[]): Promise<string[]> {
  if (runIds.length === 0) return [];
  const rows = await db
    .selectFrom('tunix_runs')
    .select('run_id')
    .where('run_id', 'in', runIds)
    .where('cancel_requested', '=', true)
    .execute();
  return rows.map((r) => r.run_id);
}

/** pending → cancelled at once (the queued job is skipped when claimed). */
export async function cancelPending(db: Db, runId: string, message: string): Promise<RunRow | undefined> {
  const now = new Date();
  return db
    .updateTable('tunix_runs')
    .set({
      status: 'cancelled',
      cancel_requested: true,
      completed_at: now,
      duration_seconds: 0,
      message,
    })
    .where('run_id', '=', runId)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}

/** Asks whichever process executes a running run to stop it. */
export async function requestCancel(db: Db, runId: string): Promise<RunRow | undefined> {
  return db
    .updateTable('tunix_runs')
    .set({ cancel_requested: true })
    .where('run_id', '=', runId)
    .where('status', '=', 'running')
    .returningAll()
    .executeTakeFirst();
}

/**
 * Which running rows a recovery step may touch: those still stale (re-checked in the UPDATE, so
 * a heartbeat that arrived meanwhile wins), those of one worker, or all (embedded DB restart).
 */
export type OrphanGuard = { staleSeconds: number } | { workerId: string } | 'all';

function guardSql(guard: OrphanGuard) {
  if (guard === 'all') return sql<boolean>`true`;
  if ('workerId' in guard) return sql<boolean>`worker_id = ${guard.workerId}`;
  return sql<boolean>`(heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => ${guard.staleSeconds}))`;
}

export async function orphanedRuns(db: Db, guard: OrphanGuard, limit = 100): Promise<RunRow[]> {
  const query = db.selectFrom('tunix_runs').selectAll().where('status', '=', 'running');
  return query.where(guardSql(guard)).orderBy('created_at').limit(limit).execute();
}

/** running → failed for a run whose worker vanished. */
export async function failOrphan(db: Db, run: RunRow, message: string, guard: OrphanGuard): Promise<boolean> {
  const now = new Date();
  const started = run.started_at ? new Date(run.started_at) : now;
  const query = db
    .updateTable('tunix_runs')
    .set({
      status: 'failed',
      completed_at: now,
      duration_seconds: Math.max(0, (now.getTime() - started.getTime()) / 1000),
      stderr: sql<string>`CASE WHEN stderr = '' THEN ${message} ELSE stderr || E'\n' || ${message} END`,
      message,
      heartbeat_at: null,
    })
    .where('run_id', '=', run.run_id)
    .where('status', '=', 'running');
  const result = await query.where(guardSql(guard)).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** running → pending (a new attempt); the caller enqueues the job in the same transaction. */
export async function requeue(db: Db, run: RunRow, message: string, guard: OrphanGuard): Promise<boolean> {
  const query = db
    .updateTable('tunix_runs')
    .set({ status: 'pending', worker_id: null, heartbeat_at: null, started_at: null, message })
    .where('run_id', '=', run.run_id)
    .where('status', '=', 'running');
  const result = await query.where(guardSql(guard)).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes a finished run (logs and metrics cascade); false when it is not finished. */
export async function deleteFinishedRun(db: Db, runId: string, terminal: readonly string[]): Promise<boolean> {
  const result = await db
    .deleteFrom('tunix_runs')
    .where('run_id', '=', runId)
    .where('status', 'in', [...terminal])
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function countsByStatusAndMode(db: Db): Promise<{ status: string; mode: string; n: number }[]> {
  const rows = await db
    .selectFrom('tunix_runs')
    .select(['status', 'mode', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['status', 'mode'])
    .execute();
  return rows.map((r) => ({ status: r.status, mode: r.mode, n: Number(r.n) }));
}
