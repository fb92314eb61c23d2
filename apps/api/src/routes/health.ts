import { Health, RediHealth } from '@tunix-rt/contract';
import { sql } from 'kysely';
import type { AppContext } from '../context';
import type { TypedApp } from '../types';

/** A health poll must answer quickly even when the database hangs rather than refuses. */
export const DB_PING_TIMEOUT_MS = 1000;

/**
 * `up` when `SELECT 1` answers within the timeout. PGlite is in-process and single-connection:
 * a ping queued behind a long query is busy, not down, so there only an error means `down`.
 */
async function pingDatabase(ctx: AppContext): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), DB_PING_TIMEOUT_MS);
  });
  const ping = sql`SELECT 1`.execute(ctx.database.db).then(
    () => 'up' as const,
    () => 'down' as const,
  );
  try {
    const result = await Promise.race([ping, timeout]);
    if (result === 'timeout') return ctx.database.kind === 'pglite' ? 'up' : 'down';
    return result;
  } finally {
    clearTimeout(timer);
  }
}

export function registerHealthRoutes(app: TypedApp, ctx: AppContext): void {
  // Always 200 and "healthy" (API.md §2.1: a liveness probe; restarting this process does not
  // bring a database back). `database` tells readiness checks and people whether it answers.
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness of this service, and whether its database answers',
        response: { 200: Health },
      },
    },
    async () => ({ status: 'healthy', database: await pingDatabase(ctx) }),
  );
  app.get(
    '/api/redi/health',
    { schema: { tags: ['health'], summary: 'RediAI integration health (cached)', response: { 200: RediHealth } } },
    async () => ctx.rediHealth(),
  );
}
