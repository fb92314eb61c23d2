import { type Env, EnvError, loadEnv } from '@tunix-rt/api/env';
import type { Command } from 'commander';

/** Reads the configuration or exits with the message naming the bad variable. */
function envOrExit(): Env {
  try {
    return loadEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
}

async function fail(error: unknown): Promise<never> {
  console.error(`tunix-rt: ${(error as Error).message}`);
  process.exit(1);
}

export function registerServerCommands(program: Command): void {
  program
    .command('start')
    .description('start the product: API, web UI and run worker (embedded database unless DATABASE_URL is set)')
    .action(async () => {
      const env = envOrExit();
      const { startServer } = await import('@tunix-rt/api/server');
      const server = await startServer(env).catch(fail);
      console.log(`tunix-rt listening on ${server.url}`);
      const stop = async () => {
        await server.close();
        process.exit(0);
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });

  program
    .command('worker')
    .description('claim and execute queued runs (PostgreSQL: run any number, on any machine reaching the database)')
    .action(async () => {
      const env = envOrExit();
      const { startWorker } = await import('@tunix-rt/api/server');
      const worker = await startWorker(env).catch(fail);
      console.log(
        `tunix-rt worker ${worker.workerId} started (concurrency: ${env.workerConcurrency} local, ${env.dryRunConcurrency} dry-run)`,
      );
      // SIGTERM: stop claiming, let in-flight runs finish within the grace period, requeue the rest.
      const stop = async () => {
        await worker.close();
        process.exit(0);
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });

  const migrate = program.command('migrate').description('apply or revert database migrations');
  migrate
    .command('up')
    .description('apply every pending migration')
    .action(async () => runMigration('up', false));
  migrate
    .command('down')
    .description('revert the most recent migration')
    .option('--all', 'revert every migration')
    .action(async (options: { all?: boolean }) => runMigration('down', options.all ?? false));
}

async function runMigration(direction: 'up' | 'down', all: boolean): Promise<void> {
  const env = envOrExit();
  const { openDatabase, migrateUp, migrateDown } = await import('@tunix-rt/db');
  const database = await openDatabase({ databaseUrl: env.databaseUrl, dataDir: env.dataDir }).catch(fail);
  try {
    const done =
      direction === 'up' ? await migrateUp(database.db as never) : await migrateDown(database.db as never, { all });
    console.log(done.length ? done.join('\n') : 'nothing to do');
  } catch (error) {
    await fail(error);
  } finally {
    await database.close();
  }
}
