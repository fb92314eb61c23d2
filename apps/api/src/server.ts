import { createRediHealth } from '@tunix-rt/core/redi/health';
import { migrateUp, openDatabase, redactUrl } from '@tunix-rt/db';
import { buildApp } from './app';
import type { AppContext } from './context';
import type { Env } from './env';

/** Opens the database (migrating it up) and wires the shared services. */
export async function createContext(env: Env): Promise<AppContext> {
  const database = await openDatabase({
    databaseUrl: env.databaseUrl,
    dataDir: env.dataDir,
    poolMax: env.dbPoolSize + env.dbMaxOverflow,
    connectionTimeoutMs: env.dbPoolTimeoutSeconds * 1000,
  });
  try {
    await migrateUp(database.db as never);
  } catch (error) {
    await database.close();
    throw error;
  }
  const rediHealth = createRediHealth({
    mode: env.redi.mode,
    healthUrl: env.redi.baseUrl + env.redi.healthPath,
    cacheTtlSeconds: env.redi.cacheTtlSeconds,
  });
  return { env, database, rediHealth };
}

/** The whole product in one process: API, web UI and (by default) the run worker. */
export async function startServer(env: Env): Promise<{ close(): Promise<void>; url: string }> {
  const ctx = await createContext(env);
  const app = await buildApp(ctx, { logger: { level: env.logLevel } });
  const where =
    ctx.database.kind === 'pglite' ? `embedded database in ${env.dataDir}` : redactUrl(env.databaseUrl ?? '');
  app.log.info(`database: ${where}`);
  await app.listen({ host: env.host, port: env.port });
  const url = `http://${env.host}:${env.port}`;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await app.close();
      await ctx.database.close();
    })();
    return closing;
  };
  return { close, url };
}
