import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/testing';

// LISTEN/NOTIFY wake-ups between processes; PostgreSQL only (PGlite's listen is a no-op).
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
let handle: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  if (onPostgres) handle = await openTestDatabase();
});
afterAll(async () => handle?.close());

async function until(probe: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!onPostgres)('listen (PostgreSQL)', () => {
  it('delivers committed notifications only, and keeps listening after its connection is killed', async () => {
    const seen: (string | undefined)[] = [];
    const unlisten = await handle.listen('tunix_rt_test', (payload) => seen.push(payload));
    try {
      expect(seen).toEqual([undefined]); // "look for missed work" after connecting
      await handle.pool.query("SELECT pg_notify('tunix_rt_test', 'one')");
      const client = await handle.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query("SELECT pg_notify('tunix_rt_test', 'rolled back')");
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
      await until(() => seen.includes('one'));

      // The listener's backend dies (failover, admin kill): it reconnects and says so.
      await handle.pool.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database()",
      );
      await until(() => seen.filter((p) => p === undefined).length === 2);
      await handle.pool.query("SELECT pg_notify('tunix_rt_test', 'two')");
      await until(() => seen.includes('two'));
      expect(seen).not.toContain('rolled back');
    } finally {
      await unlisten();
    }
  });
});
