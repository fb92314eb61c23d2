import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import {
  type Run,
  type RunList,
  type RunListQuery,
  type RunRequest,
  type RunStatusView,
  TERMINAL_STATUSES,
} from '@tunix-rt/contract';
import type { Db } from '../context';
import { checkDatasetKey } from '../datasets/key';
import { findDataset } from '../datasets/repo';
import { AppError, conflict, notFound } from '../errors';
import { checkPage, toPage } from '../pagination';
import { buildManifestYaml } from '../tunix/manifest-yaml';
import { runDirectory } from './local';
import * as repo from './repo';
import type { RunsRuntime } from './runtime';
import type { RunConfig } from './settings';
import { toListItem, toRun, toStatusView } from './view';

export const TUNIX_NOT_AVAILABLE =
  "Tunix runtime not available. Install with: pip install -e '.[tunix]' or set dry_run=true to validate without executing.";

const isTerminal = (status: string) => (TERMINAL_STATUSES as readonly string[]).includes(status);

export async function requireRun(db: Db, runId: string): Promise<repo.RunRow> {
  const row = await repo.findRun(db, runId);
  if (!row) throw notFound(`Tunix run not found: ${runId}`);
  return row;
}

interface Spec {
  dataset_key: string;
  model_id: string;
  mode: 'dry-run' | 'local';
  requested_output_dir: string | null;
  hyper: Pick<RunConfig, 'learning_rate' | 'num_epochs' | 'batch_size' | 'max_seq_length'>;
  max_retries: number;
  retry_of: string | null;
}

/** The row for a new run: lineage (dataset hash) and the exact manifest are fixed at submission. */
async function newRun(db: Db, spec: Spec, execution: 'sync' | 'async', workerId: string | null): Promise<repo.NewRun> {
  const runId = randomUUID();
  const outputDir = spec.requested_output_dir ?? `./output/tunix_run_${runId.slice(0, 8)}`;
  const dataset = await findDataset(db, spec.dataset_key);
  const config: RunConfig = { ...spec.hyper, requested_output_dir: spec.requested_output_dir, execution };
  const now = new Date();
  return {
    run_id: runId,
    dataset_key: spec.dataset_key,
    model_id: spec.model_id,
    mode: spec.mode,
    status: execution === 'sync' ? 'running' : 'pending',
    output_dir: outputDir,
    message: execution === 'sync' ? 'Run in progress' : 'Run queued',
    dataset_hash: dataset?.content_hash ?? null,
    manifest_yaml: buildManifestYaml({
      dataset_key: spec.dataset_key,
      model_id: spec.model_id,
      output_dir: outputDir,
      ...spec.hyper,
    }),
    config: config as unknown as Record<string, unknown>,
    retry_of: spec.retry_of,
    // A sync run's caller is gone once its process dies, so only queued runs are retried.
    max_retries: execution === 'async' ? spec.max_retries : 0,
    started_at: execution === 'sync' ? now : null,
    created_at: now,
    worker_id: workerId,
  };
}

/**
 * POST /api/tunix/run (API.md §6.4, D6). Checks in order: schema (route), dataset_key safety
 * (422, nothing created), the Tunix CLI for local runs (501, no record). Then sync: persist as
 * running, execute in this process without blocking the event loop, answer 200 with the
 * finished run. Async: the row (pending) and its job in one transaction, 202.
 */
export async function submitRun(rt: RunsRuntime, req: RunRequest, execution: 'sync' | 'async'): Promise<Run> {
  checkDatasetKey(req.dataset_key);
  const mode = req.dry_run ? 'dry-run' : 'local';
  if (mode === 'local' && !(await rt.probe()).available) throw new AppError(501, TUNIX_NOT_AVAILABLE);
  const spec: Spec = {
    dataset_key: req.dataset_key,
    model_id: req.model_id,
    mode,
    requested_output_dir: req.output_dir ?? null,
    hyper: {
      learning_rate: req.learning_rate,
      num_epochs: req.num_epochs,
      batch_size: req.batch_size,
      max_seq_length: req.max_seq_length,
    },
    max_retries: req.max_retries ?? 0,
    retry_of: null,
  };
  return execution === 'sync' ? runNow(rt, spec) : enqueue(rt, spec);
}

async function runNow(rt: RunsRuntime, spec: Spec): Promise<Run> {
  const row = await newRun(rt.db, spec, 'sync', rt.executor.workerId);
  const inserted = await repo.insertRun(rt.db, row);
  const end = await rt.executor.execute(inserted);
  if (end.kind === 'finished') return toRun(end.row);
  if (end.kind === 'shutdown') {
    const message = 'The server shut down while this run was executing; the run was marked failed';
    await repo.failOrphan(rt.db, inserted, message, { workerId: rt.executor.workerId });
  }
  return toRun(await requireRun(rt.db, row.run_id));
}

async function enqueue(rt: RunsRuntime, spec: Spec): Promise<Run> {
  const row = await newRun(rt.db, spec, 'async', null);
  await rt.queue.start();
  const { stored, queue } = await rt.db.transaction().execute(async (trx) => ({
    stored: await repo.insertRun(trx, row),
    queue: await rt.queue.enqueue(trx, { run_id: row.run_id }, row.mode),
  }));
  rt.jobQueued(queue);
  return toRun(stored);
}

export async function getRun(db: Db, runId: string): Promise<Run> {
  return toRun(await requireRun(db, runId));
}

export async function getRunStatus(db: Db, runId: string): Promise<RunStatusView> {
  return toStatusView(await requireRun(db, runId));
}

export async function listRuns(db: Db, query: RunListQuery): Promise<RunList> {
  const page = checkPage(query);
  const rows = await repo.listRuns(db, query, page.limit + 1, page.offset);
  const result = toPage(rows, page);
  return { data: result.data.map(toListItem), pagination: result.pagination };
}

/**
 * pending → cancelled at once. running → cancel_requested; the executing process (this one or
 * another, which polls the flag) sends SIGTERM, then SIGKILL after the grace period. Waits up to
 * grace + 3 s for the run to end: `done` false means it is still stopping.
 */
export async function cancelRun(rt: RunsRuntime, runId: string): Promise<{ done: boolean; view: RunStatusView }> {
  const row = await requireRun(rt.db, runId);
  if (row.status === 'pending') {
    const cancelled = await repo.cancelPending(rt.db, runId, 'Cancelled before it started');
    if (cancelled) return { done: true, view: toStatusView(cancelled) };
  }
  const requested = await repo.requestCancel(rt.db, runId);
  if (!requested) {
    const now = await requireRun(rt.db, runId);
    throw conflict(`Run ${runId} is ${now.status}; only pending or running runs can be cancelled`);
  }
  rt.executor.stopRun(runId, 'cancel');
  const deadline = Date.now() + (rt.settings.cancelGraceSeconds + 3) * 1000;
  for (;;) {
    const now = await requireRun(rt.db, runId);
    if (isTerminal(now.status)) return { done: true, view: toStatusView(now) };
    if (Date.now() > deadline) return { done: false, view: toStatusView(now) };
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A finished run again, as a new queued run linked by retry_of (the original is untouched). */
export async function retryRun(rt: RunsRuntime, runId: string): Promise<Run> {
  const row = await requireRun(rt.db, runId);
  if (!isTerminal(row.status)) {
    throw conflict(`Run ${runId} is ${row.status}; only finished runs can be retried`);
  }
  if (row.mode === 'local' && !(await rt.probe()).available) throw new AppError(501, TUNIX_NOT_AVAILABLE);
  const config = row.config as unknown as RunConfig;
  return enqueue(rt, {
    dataset_key: row.dataset_key,
    model_id: row.model_id,
    mode: row.mode as Spec['mode'],
    requested_output_dir: config.requested_output_dir ?? null,
    hyper: {
      learning_rate: config.learning_rate,
      num_epochs: config.num_epochs,
      batch_size: config.batch_size,
      max_seq_length: config.max_seq_length,
    },
    max_retries: row.max_retries,
    retry_of: row.run_id,
  });
}

/** Finished runs only; removes the row (logs and metrics cascade) and its run directory. */
export async function deleteRun(rt: RunsRuntime, runId: string): Promise<void> {
  const row = await requireRun(rt.db, runId);
  if (!(await repo.deleteFinishedRun(rt.db, runId, TERMINAL_STATUSES))) {
    const status = (await repo.findRun(rt.db, runId))?.status ?? row.status;
    throw conflict(`Run ${runId} is ${status}; only finished runs can be deleted (cancel it first)`);
  }
  await rm(runDirectory(rt.settings.dataDir, runId), { recursive: true, force: true });
}
