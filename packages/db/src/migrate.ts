import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { migrations } from './migrations/index';

function migrator(db: Kysely<unknown>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'tunix_rt_migrations',
    migrationLockTableName: 'tunix_rt_migrations_lock',
  });
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const where = failed ? ` in ${failed.migrationName}` : '';
    throw new Error(`Migration failed${where}: ${(result.error as Error).message ?? result.error}`);
  }
  return (result.results ?? []).map((r) => `${r.direction === 'Up' ? 'applied' : 'reverted'} ${r.migrationName}`);
}

/** Applies every pending migration (each in its own transaction, under Kysely's lock). */
export async function migrateUp(db: Kysely<unknown>): Promise<string[]> {
  return unwrap(await migrator(db).migrateToLatest());
}

/** Reverts the most recent migration, or all of them with `all`. */
export async function migrateDown(db: Kysely<unknown>, options: { all?: boolean } = {}): Promise<string[]> {
  const m = migrator(db);
  if (!options.all) return unwrap(await m.migrateDown());
  const { NO_MIGRATIONS } = await import('kysely');
  return unwrap(await m.migrateTo(NO_MIGRATIONS));
}

export async function migrationStatus(db: Kysely<unknown>): Promise<{ name: string; executedAt: Date | undefined }[]> {
  return (await migrator(db).getMigrations()).map((m) => ({ name: m.name, executedAt: m.executedAt }));
}
