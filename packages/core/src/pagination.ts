import { unprocessable } from './errors';

export interface Page {
  limit: number;
  offset: number;
}

/** API.md §0.7: limit is checked before offset, with these exact string details. */
export function checkPage({ limit, offset }: Page): Page {
  if (limit < 1 || limit > 100) throw unprocessable('limit must be between 1 and 100');
  if (offset < 0) throw unprocessable('offset must be non-negative');
  return { limit, offset };
}

/** Rows were fetched with `limit + 1`; the extra row only signals that more exist. */
export function toPage<T>(rows: T[], { limit, offset }: Page) {
  const hasMore = rows.length > limit;
  return {
    data: hasMore ? rows.slice(0, limit) : rows,
    pagination: { limit, offset, next_offset: hasMore ? offset + limit : null },
  };
}
