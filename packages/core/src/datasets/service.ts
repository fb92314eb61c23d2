import { createHash, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type {
  DatasetBuildRequest,
  DatasetBuildResponse,
  DatasetList,
  DatasetManifest,
  DatasetSummary,
} from '@tunix-rt/contract';
import type { Database } from '@tunix-rt/db';
import type { Kysely } from 'kysely';
import type { Db } from '../context';
import { conflict, notFound, unprocessable } from '../errors';
import { checkPage, type Page, toPage } from '../pagination';
import { PyRandom } from '../random/mt19937';
import { checkDatasetKey, datasetKeyFor } from './key';
import { memberChunks } from './members';
import * as repo from './repo';

export interface DatasetOptions {
  /** Where manifest files are exported (`<dataDir>/datasets/<key>/manifest.json`). */
  dataDir: string;
}

/**
 * Selects traces into an immutable dataset (API.md §5.1, D2, D4): filters run in SQL over all
 * traces (no candidate window), random selection uses a local seeded PRNG, and the row, its
 * ordered membership and its content hash are written in one transaction.
 */
export async function buildDataset(
  db: Kysely<Database>,
  req: DatasetBuildRequest,
  options: DatasetOptions,
): Promise<DatasetBuildResponse> {
  if (req.selection_strategy === 'random' && (req.seed === null || req.seed === undefined)) {
    throw unprocessable('Random selection strategy requires a seed for reproducibility');
  }
  const key = checkDatasetKey(datasetKeyFor(req.dataset_name, req.dataset_version));
  const filters = req.filters ?? {};
  const seed = req.seed ?? null;

  const manifest = await db.transaction().execute(async (trx) => {
    if (await repo.datasetExists(trx, key)) throw alreadyExists(key);
    const traceIds =
      req.selection_strategy === 'random'
        ? sample(await repo.matchingTraceIds(trx, filters), req.limit, seed!)
        : await repo.matchingTraceIds(trx, filters, req.limit);
    const row: repo.DatasetRow = {
      dataset_key: key,
      build_id: randomUUID(),
      dataset_name: req.dataset_name,
      dataset_version: req.dataset_version,
      dataset_schema_version: '1.0',
      created_at: new Date(),
      filters,
      selection_strategy: req.selection_strategy,
      seed,
      trace_count: traceIds.length,
      stats: {},
      session_id: req.session_id ?? null,
      parent_dataset_id: req.parent_dataset_id ?? null,
      training_run_id: req.training_run_id ?? null,
      content_hash: '',
    };
    // Membership goes in first so stats and hash are computed from what is stored.
    if (!(await repo.insertDataset(trx, { ...row, content_hash: '0'.repeat(64) }))) throw alreadyExists(key);
    await repo.insertMembers(trx, key, traceIds);
    row.stats = await repo.memberStats(trx, key);
    row.content_hash = await contentHash(trx, row);
    await trx
      .updateTable('datasets')
      .set({ stats: JSON.stringify(row.stats), content_hash: row.content_hash })
      .where('dataset_key', '=', key)
      .execute();
    return toManifest(row, traceIds);
  });

  const manifestPath = await writeManifestFile(manifest, options.dataDir);
  return {
    dataset_key: key,
    build_id: manifest.build_id,
    trace_count: manifest.trace_count,
    manifest_path: manifestPath,
    content_hash: manifest.content_hash,
  };
}

const alreadyExists = (key: string) =>
  conflict(`Dataset ${key} already exists; datasets are immutable, build a new dataset_version instead`);

function sample(ids: string[], limit: number, seed: number): string[] {
  return new PyRandom(seed).sample(ids, Math.min(ids.length, limit));
}

/** sha256 over the ordered (trace id, payload) pairs: equal hashes mean equal training data. */
export async function contentHash(db: Db, dataset: { dataset_key: string; trace_count: number }): Promise<string> {
  const hash = createHash('sha256');
  for await (const rows of memberChunks(db, dataset)) {
    for (const row of rows) hash.update(`${row.id}\n${JSON.stringify(row.payload)}\n`);
  }
  return hash.digest('hex');
}

function toManifest(row: repo.DatasetRow, traceIds: string[]): DatasetManifest {
  return {
    dataset_key: row.dataset_key,
    build_id: row.build_id,
    dataset_name: row.dataset_name,
    dataset_version: row.dataset_version,
    dataset_schema_version: row.dataset_schema_version,
    created_at: row.created_at.toISOString(),
    filters: row.filters,
    selection_strategy: row.selection_strategy as DatasetManifest['selection_strategy'],
    seed: row.seed,
    trace_ids: traceIds,
    trace_count: row.trace_count,
    stats: row.stats as DatasetManifest['stats'],
    session_id: row.session_id,
    parent_dataset_id: row.parent_dataset_id,
    training_run_id: row.training_run_id,
    content_hash: row.content_hash,
  };
}

/** The manifest file is an export for people and tools; the database row is the truth. */
async function writeManifestFile(manifest: DatasetManifest, dataDir: string): Promise<string> {
  const dir = resolve(dataDir, 'datasets', manifest.dataset_key);
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'manifest.json');
  await writeFile(path, JSON.stringify(manifest, null, 2));
  return path;
}

/** Looks a dataset up by a validated key; reads never create anything (D2). */
export async function requireDataset(
  db: Db,
  key: string,
  missing = (k: string) => `Dataset not found: ${k}`,
): Promise<repo.DatasetRow> {
  const row = await repo.findDataset(db, checkDatasetKey(key));
  if (!row) throw notFound(missing(key));
  return row;
}

export async function getManifest(db: Db, key: string): Promise<DatasetManifest> {
  const row = await requireDataset(db, key);
  return toManifest(row, await repo.memberIds(db, key));
}

export async function listDatasets(db: Db, page: Page): Promise<DatasetList> {
  const { limit, offset } = checkPage(page);
  const rows = await repo.listDatasets(db, limit + 1, offset);
  const result = toPage(rows, { limit, offset });
  return { data: result.data.map(toSummary), pagination: result.pagination };
}

function toSummary(row: repo.DatasetRow): DatasetSummary {
  return {
    dataset_key: row.dataset_key,
    dataset_name: row.dataset_name,
    dataset_version: row.dataset_version,
    created_at: row.created_at.toISOString(),
    selection_strategy: row.selection_strategy as DatasetSummary['selection_strategy'],
    seed: row.seed,
    trace_count: row.trace_count,
    content_hash: row.content_hash,
  };
}
