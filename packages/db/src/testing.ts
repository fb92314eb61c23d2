import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from './connect';
import { migrateUp } from './migrate';
import { normalizeDatabaseUrl } from './url';

/**
 * A fresh, migrated database for one test file (STYLE.md §11): an in-memory PGlite by default,
 * or — when TEST_DATABASE_URL is set — a new database created on that PostgreSQL server and
 * dropped afterwards. The same suite therefore runs on both, switched by one variable.
 */
export async function openTestDatabase(): Promise<DatabaseHandle & { url: string | undefined }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase({ dataDir: 'memory://' });
    await migrateUp(handle.db as never);
    return { ...handle, url: undefined };
  }
  const name = `tunix_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: normalizeDatabaseUrl(serverUrl) });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(normalizeDatabaseUrl(serverUrl));
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), poolMax: 10 });
  await migrateUp(handle.db as never);
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: normalizeDatabaseUrl(serverUrl) });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export const testDatabaseKind = () => (process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');
