import { useQuery } from '@tanstack/react-query';
import type { RediHealth, TunixStatus, UngarStatus } from '@tunix-rt/contract';
import { useApi } from './api';

/** Status cards refresh every 30 s (UI.md §3.2); keeping the last data avoids "Loading..." flicker. */
export const STATUS_REFRESH_MS = 30_000;

export const statusKeys = {
  api: ['status', 'api'] as const,
  redi: ['status', 'redi'] as const,
  ungar: ['status', 'ungar'] as const,
  tunix: ['status', 'tunix'] as const,
};

// Each failure is replaced by the reference's fallback object (UI.md §3.2), so cards never error.
export function useApiHealth() {
  const api = useApi();
  return useQuery({
    queryKey: statusKeys.api,
    queryFn: () => api.health().catch(() => ({ status: 'down' })),
    refetchInterval: STATUS_REFRESH_MS,
  });
}

export function useRediHealth() {
  const api = useApi();
  return useQuery({
    queryKey: statusKeys.redi,
    queryFn: () => api.rediHealth().catch((): RediHealth => ({ status: 'down', error: 'Failed to fetch' })),
    refetchInterval: STATUS_REFRESH_MS,
  });
}

export function useUngarStatus() {
  const api = useApi();
  return useQuery({
    queryKey: statusKeys.ungar,
    queryFn: () => api.ungar.status().catch((): UngarStatus => ({ available: false, version: null })),
    refetchInterval: STATUS_REFRESH_MS,
  });
}

export function useTunixStatus() {
  const api = useApi();
  return useQuery({
    queryKey: statusKeys.tunix,
    queryFn: () =>
      api.tunix.status().catch(
        (): TunixStatus => ({
          available: false,
          version: null,
          runtime_required: false,
          message: 'Failed to fetch status',
        }),
      ),
    refetchInterval: STATUS_REFRESH_MS,
  });
}
