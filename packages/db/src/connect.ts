import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { listenPostgres, type Unlisten } from './listen';
import { lockDataDir } from './lock';
import type { Database } from './schema';
import { normalizeDatabaseUrl } from './url';

// Parse int8/count(*) deliberately: ids and counts here stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export type DatabaseKind = 'postgres' | 'pglite';

export interface DatabaseHandle {
  kind: DatabaseKind;
  db: Kysely<Database>;
  /** The pg pool underneath (shared with the job queue so it uses the same connections). */
  pool: pg.Pool;
  /**
   * Calls `onNotify` for every NOTIFY on `channel` (committed transactions only), and once
   * after each (re)connect. Lets a worker on another machine react to a new job at once.
   */
  listen(channel: string, onNotify: (payload: string | undefined) => void): Promise<Unlisten>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL URL; when absent, an embedded PGlite database is used. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files; `memory://` for a throwaway in-memory database. */
  dataDir?: string;
  poolMax?: number;
  /** Milliseconds to wait for a free pool connection before failing. */
  connectionTimeoutMs?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: normalizeDatabaseUrl(options.databaseUrl),
      max: options.poolMax ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 30_000,
    });
    // A client losing its server (restart, network) must not crash the process. The pool only
    // listens for errors on *idle* clients; one checked out between two queries (inside a
    // transaction, say) emits 'error' with no listener, which throws and exits the process
    // when PostgreSQL restarts. The failed query rejects anyway, and on release the pool drops
    // the client because it is no longer queryable.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const url = normalizeDatabaseUrl(options.databaseUrl);
    return wrap(
      'postgres',
      pool,
      (channel, onNotify) => listenPostgres(url, channel, onNotify),
      async () => pool.end(),
    );
  }

  const dataDir = options.dataDir ?? './data';
  const inMemory = dataDir.startsWith('memory://');
  let unlock = async () => {};
  let pgliteDir = dataDir;
  if (!inMemory) {
    const root = resolve(dataDir);
    await mkdir(root, { recursive: true });
    unlock = await lockDataDir(root);
    pgliteDir = resolve(root, 'pgdata');
  }
  try {
    // Loaded only when embedded: a PostgreSQL deployment never pays for the WASM module.
    const { PGlite } = await import('@electric-sql/pglite');
    const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
    const pglite = await PGlite.create(pgliteDir);
    // PGlite is single-connection; the pool serialises every query onto it.
    const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
    // One process per data directory: whoever enqueues also works, and wakes itself in-process.
    const listen = async () => async () => {};
    return wrap('pglite', pool, listen, async () => {
      await pool.end();
      await pglite.close();
      await unlock();
    });
  } catch (error) {
    await unlock();
    throw error;
  }
}

function wrap(
  kind: DatabaseKind,
  pool: pg.Pool,
  listen: DatabaseHandle['listen'],
  close: () => Promise<void>,
): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closing: Promise<void> | undefined;
  return {
    kind,
    db,
    pool,
    listen,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}
