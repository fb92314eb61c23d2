import type { RunListParams } from '@tunix-rt/client';
import type { RunStatus } from '@tunix-rt/contract';

export const runKeys = {
  all: ['runs'] as const,
  lists: ['runs', 'list'] as const,
  list: (params: RunListParams) => ['runs', 'list', params] as const,
  detail: (id: string) => ['runs', 'detail', id] as const,
  logs: (id: string) => ['runs', 'logs', id] as const,
  metrics: (id: string) => ['runs', 'metrics', id] as const,
};

/** While any shown run is queued or executing, the history refreshes itself this often (D7). */
export const LIVE_REFRESH_MS = 2_000;

export function isActive(status: RunStatus | undefined): boolean {
  return status === 'pending' || status === 'running';
}
