import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateDown, migrateUp, migrationStatus } from '../src/migrate';
import { openTestDatabase } from '../src/testing';

const tables = async (db: Parameters<typeof migrateUp>[0]) =>
  (
    await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_name NOT LIKE 'tunix_rt_migrations%' ORDER BY table_name`.execute(db)
  ).rows.map((r) => r.table_name);

describe('migrations', () => {
  it('go up, all the way down, and up again leaving a working schema', async () => {
    const handle = await openTestDatabase(); // already migrated up
    try {
      const db = handle.db as never;
      expect(await tables(db)).toEqual([
        'dataset_traces',
        'datasets',
        'run_logs',
        'run_metrics',
        'scores',
        'traces',
        'tunix_runs',
      ]);
      const reverted = await migrateDown(db, { all: true });
      expect(reverted.length).toBeGreaterThanOrEqual(4);
      expect(await tables(db)).toEqual([]);
      await migrateUp(db);
      expect((await migrationStatus(db)).every((m) => m.executedAt)).toBe(true);
      await handle.db
        .insertInto('traces')
        .values({
          id: '3f2b6c1e-8d4a-4b7e-9c2d-1a5e6f7b8c9d',
          created_at: new Date(),
          trace_version: '1',
          payload: '{}',
        })
        .execute();
      expect(await handle.db.selectFrom('traces').select('id').execute()).toHaveLength(1);
    } finally {
      await handle.close();
    }
  });

  it('reverts one step at a time with migrate down', async () => {
    const handle = await openTestDatabase();
    try {
      const db = handle.db as never;
      const before = await migrationStatus(db);
      const last = before.at(-1)!;
      const [message] = await migrateDown(db);
      expect(message).toBe(`reverted ${last.name}`);
      const after = await migrationStatus(db);
      expect(after.at(-1)).toEqual({ name: last.name, executedAt: undefined });
      expect(after.slice(0, -1).every((m) => m.executedAt)).toBe(true);
      await migrateUp(db);
      expect((await migrationStatus(db)).every((m) => m.executedAt)).toBe(true);
    } finally {
      await handle.close();
    }
  });

  it('has the indexes the list filters and sorts rely on', async () => {
    const handle = await openTestDatabase();
    try {
      const names = (
        await sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE schemaname = 'public'`.execute(
          handle.db,
        )
      ).rows.map((r) => r.indexname);
      for (const ix of [
        'ix_traces_created_at',
        'ix_scores_trace_id',
        'ix_scores_criteria',
        'ix_tunix_runs_created_at',
        'ix_tunix_runs_dataset_key',
        'ix_tunix_runs_status',
        'ix_tunix_runs_mode',
        'ix_traces_meta',
      ]) {
        expect(names).toContain(ix);
      }
    } finally {
      await handle.close();
    }
  });
});
