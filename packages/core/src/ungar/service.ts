import { randomUUID } from 'node:crypto';
import type { UngarGenerateRequest, UngarGenerateResponse, UngarStatus } from '@tunix-rt/contract';
import { sql } from 'kysely';
import type { Db } from '../context';
import { linesForIds, parseTraceIds } from '../exports/service';
import { rowsToJsonl } from '../exports/stream';
import { insertTraces } from '../traces/repo';
import { generateHighCardDuel } from './high-card-duel';

/** D3: the game is native, so it is always available. */
export const UNGAR_VERSION = 'native-1.0';
export const ungarStatus = (): UngarStatus => ({ available: true, version: UNGAR_VERSION });

/** Seeded and deterministic; persisted traces are written in one statement (API.md §8 item 24). */
export async function generate(db: Db, req: UngarGenerateRequest): Promise<UngarGenerateResponse> {
  const payloads = generateHighCardDuel({ count: req.count, seed: req.seed ?? null });
  const now = new Date();
  const rows = payloads.map((payload) => ({ id: randomUUID(), created_at: now, payload }));
  if (req.persist !== false) await insertTraces(db, rows);
  return {
    trace_ids: rows.map((r) => r.id),
    preview: rows.slice(0, 3).map((r) => {
      const meta = (r.payload.meta ?? {}) as Record<string, unknown>;
      const text = (k: string) => (typeof meta[k] === 'string' ? (meta[k] as string) : null);
      return { trace_id: r.id, game: text('game'), result: text('result'), my_card: text('my_card') };
    }),
  };
}

const isUngar = sql<boolean>`payload -> 'meta' @> '{"source": "ungar"}'::jsonb`;

/**
 * UNGAR traces as `trace`-shape JSONL. With ids, their order is kept (the reference lost it);
 * without, the newest `limit` UNGAR traces are filtered in SQL (no candidate window).
 */
export async function exportUngar(db: Db, query: { limit: number; trace_ids?: string | undefined }): Promise<string> {
  const ids = query.trace_ids?.trim() ? parseTraceIds(query.trace_ids.split(','), 422) : undefined;
  if (ids) {
    const ungarIds = await db
      .selectFrom('traces')
      .select('id')
      .where('id', 'in', [...new Set(ids)])
      .where(isUngar)
      .execute();
    const keep = new Set(ungarIds.map((r) => r.id));
    return linesForIds(db, ids.filter((id) => keep.has(id)).slice(0, query.limit), 'trace');
  }
  const rows = await db
    .selectFrom('traces')
    .select(['id', 'created_at', 'payload'])
    .where(isUngar)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit)
    .execute();
  return rowsToJsonl(rows, 'trace');
}
