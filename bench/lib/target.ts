import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DatabaseHandle, migrateUp, normalizeDatabaseUrl, openDatabase } from '@tunix-rt/db';
import pg from 'pg';

/** Same pool size as the product's default (DB_POOL_SIZE 5 + DB_MAX_OVERFLOW 10). */
export const SERVER_POOL = 15;

/**
 * Where the bench's own data lives: a fresh database on the given PostgreSQL server (dropped at
 * the end), or a fresh embedded data directory. `env` is what a product process needs to use it.
 */
export interface Target {
  kind: 'postgres' | 'pglite';
  label: string;
  /** Working directory for run outputs, manifests and (embedded) the database. */
  dir: string;
  env: Record<string, string>;
  /** A handle in this process. Embedded: only while no product process holds the directory. */
  open(poolMax?: number): Promise<DatabaseHandle>;
  drop(): Promise<void>;
}

export async function createTarget(adminUrl: string | undefined): Promise<Target> {
  const dir = await mkdtemp(join(tmpdir(), 'tunix-bench-'));
  if (!adminUrl) {
    const target: Target = {
      kind: 'pglite',
      label: 'embedded PGlite',
      dir,
      env: { TUNIX_DATA_DIR: dir },
      open: async () => openDatabase({ dataDir: dir }),
      drop: async () => rm(dir, { recursive: true, force: true }),
    };
    await migrated(target);
    return target;
  }
  const name = `tunix_bench_${randomBytes(4).toString('hex')}`;
  const admin = normalizeDatabaseUrl(adminUrl);
  await withClient(admin, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const target: Target = {
    kind: 'postgres',
    label: 'PostgreSQL',
    dir,
    env: { DATABASE_URL: databaseUrl, TUNIX_DATA_DIR: dir },
    open: async (poolMax = SERVER_POOL) => openDatabase({ databaseUrl, poolMax }),
    drop: async () => {
      await withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      await rm(dir, { recursive: true, force: true });
    },
  };
  await migrated(target);
  return target;
}

async function migrated(target: Target): Promise<void> {
  const handle = await target.open();
  try {
    await migrateUp(handle.db as never);
  } finally {
    await handle.close();
  }
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Runs `fn` on a handle opened for it and closed afterwards. */
export async function withDb<T>(target: Target, fn: (db: DatabaseHandle) => Promise<T>, poolMax?: number): Promise<T> {
  const handle = await target.open(poolMax);
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

export async function serverVersion(target: Target): Promise<string> {
  return withDb(target, async ({ pool }) => {
    const { rows } = await pool.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    const { rows: fsync } = await pool.query<{ f: string }>("SELECT current_setting('fsync') AS f");
    const kind = target.kind === 'pglite' ? 'PGlite (PostgreSQL' : 'PostgreSQL';
    return `${kind} ${rows[0]!.v}${target.kind === 'pglite' ? ')' : ''}, fsync=${fsync[0]!.f}`;
  });
}
