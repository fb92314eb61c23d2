import type { RediHealth } from '@tunix-rt/contract';

export interface RediConfig {
  mode: 'mock' | 'real';
  healthUrl: string;
  cacheTtlSeconds: number;
  timeoutMs?: number;
}

/** Maps a real probe to the `down` error strings of API.md §2.2. */
export async function probeRedi(url: string, timeoutMs: number): Promise<RediHealth> {
  try {
    const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return { status: 'healthy' };
    return { status: 'down', error: `HTTP ${response.status}` };
  } catch (error) {
    const err = error as Error & { cause?: Error & { code?: string } };
    if (err.name === 'TimeoutError' || err.name === 'AbortError') {
      return { status: 'down', error: `Timeout after ${Math.round(timeoutMs / 1000)}s` };
    }
    const cause = err.cause;
    if (cause && (cause.code === 'ECONNREFUSED' || cause.code === 'ENOTFOUND' || cause.code === 'ECONNRESET')) {
      return { status: 'down', error: `Connection refused: ${cause.message}` };
    }
    if (err.name === 'TypeError') return { status: 'down', error: `HTTP error: ${cause?.name ?? err.name}` };
    return { status: 'down', error: `Unexpected error: ${err.name}` };
  }
}

/**
 * RediAI health with a TTL cache. Unlike the reference (API.md §8 item 22) the cache is keyed
 * by mode and URL, a `down` result is not cached, and concurrent callers share one probe.
 */
export function createRediHealth(config: RediConfig) {
  let cached: { key: string; at: number; result: RediHealth } | undefined;
  let inflight: Promise<RediHealth> | undefined;
  const key = `${config.mode} ${config.healthUrl}`;
  return async function rediHealth(): Promise<RediHealth> {
    if (config.mode === 'mock') return { status: 'healthy' };
    const now = Date.now();
    if (cached && cached.key === key && now - cached.at < config.cacheTtlSeconds * 1000) return cached.result;
    inflight ??= probeRedi(config.healthUrl, config.timeoutMs ?? 5000).finally(() => {
      inflight = undefined;
    });
    const result = await inflight;
    cached = result.status === 'healthy' ? { key, at: Date.now(), result } : undefined;
    return result;
  };
}
