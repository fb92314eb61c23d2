import { createRediHealth } from '@tunix-rt/core/redi/health';
import { migrateUp, openDatabase, redactUrl } from '@tunix-rt/db';
import { buildApp } from './app';
import type { AppContext } from './context';
import type { Env } from './env';
import { createRunsRuntime } from './runs';

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

/**
 * `tunix-rt worker`: claims and executes queued runs, with no HTTP server. PostgreSQL only:
 * the embedded database belongs to one process, whose server already runs a worker.
 */
export async function startWorker(
  env: Env,
  log: (line: string) => void = (line) => console.error(line),
): Promise<{ close(): Promise<void>; workerId: string }> {
  if (!env.databaseUrl) {
    throw new Error(
      'tunix-rt worker needs DATABASE_URL (PostgreSQL). With the embedded database the worker runs inside `tunix-rt start`.',
    );
  }
  const database = await openDatabase({
    databaseUrl: env.databaseUrl,
    poolMax: env.dbPoolSize + env.dbMaxOverflow,
    connectionTimeoutMs: env.dbPoolTimeoutSeconds * 1000,
  });
  try {
    await migrateUp(database.db as never);
  } catch (error) {
    await database.close();
    throw error;
  }
  const runs = createRunsRuntime(env, database, {
    onError: (error, context) => log(`worker error (${context}): ${(error as Error).message}`),
    onReaped: (result) => log(`settled orphaned runs: ${JSON.stringify(result)}`),
  });
  await runs.start({ worker: true });
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await runs.stop();
      await database.close();
    })();
    return closing;
  };
  return { close, workerId: runs.executor.workerId };
}
