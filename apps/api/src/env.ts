import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * The server's configuration (CONFIG.md §1 + DECISIONS.md D8), parsed once at start-up.
 * Nothing else reads process.env. Names are matched case-insensitively and a `.env` file in
 * the working directory is read, real environment variables winning (reference behaviour).
 * Any invalid value stops start-up with a message naming the variable.
 */
export interface Env {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  dbPoolSize: number;
  dbMaxOverflow: number;
  dbPoolTimeoutSeconds: number;
  traceMaxBytes: number;
  batchMaxBytes: number;
  corsOrigins: string[];
  redi: { mode: 'mock' | 'real'; baseUrl: string; healthPath: string; cacheTtlSeconds: number };
  tunixCli: string;
  runTimeoutSeconds: number;
  cancelGraceSeconds: number;
  workerConcurrency: number;
  dryRunConcurrency: number;
  embeddedWorker: boolean;
  heartbeatSeconds: number;
  staleSeconds: number;
  queuePollMs: number;
  shutdownGraceSeconds: number;
  apiKeys: string[];
  apiKeyHashes: string[];
  authReads: boolean;
  writeRateLimitPerMinute: number;
  logLevel: string;
}

export class EnvError extends Error {}

const DEFAULT_CORS = [
  'http://localhost:5173',
  'http://127.0.0.1:5173',
  'http://localhost:4173',
  'http://127.0.0.1:4173',
];

export function loadEnv(source: NodeJS.ProcessEnv = process.env, envFile = '.env'): Env {
  const vars = new Map<string, string>();
  if (envFile && existsSync(envFile)) {
    for (const [k, v] of Object.entries(parseEnv(readFileSync(envFile, 'utf8'))))
      if (v !== undefined) vars.set(k.toUpperCase(), v);
  }
  for (const [k, v] of Object.entries(source)) if (v !== undefined) vars.set(k.toUpperCase(), v);

  const str = (name: string, fallback: string) => vars.get(name) ?? fallback;
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = vars.get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
      throw new EnvError(`${name} must be an integer between ${min} and ${max} (got ${JSON.stringify(raw)})`);
    }
    return value;
  };
  const bool = (name: string, fallback: boolean) => {
    const raw = vars.get(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    throw new EnvError(`${name} must be true or false (got ${JSON.stringify(raw)})`);
  };
  const list = (name: string, fallback: string[]) => {
    const raw = vars.get(name);
    if (raw === undefined) return fallback;
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  };

  const redisMode = str('REDIAI_MODE', 'mock');
  if (redisMode !== 'mock' && redisMode !== 'real') {
    throw new EnvError(`REDIAI_MODE must be exactly "mock" or "real" (got ${JSON.stringify(redisMode)})`);
  }
  const rediBase = str('REDIAI_BASE_URL', 'http://localhost:8080');
  if (!isHttpUrl(rediBase)) throw new EnvError(`REDIAI_BASE_URL must be an absolute http(s) URL (got ${rediBase})`);
  const healthPath = str('REDIAI_HEALTH_PATH', '/health');
  if (!healthPath.startsWith('/')) throw new EnvError('REDIAI_HEALTH_PATH must start with "/"');

  const databaseUrl = vars.get('DATABASE_URL') || undefined;
  if (databaseUrl && !/^postgres(ql)?(\+[a-z0-9_]+)?:\/\//i.test(databaseUrl)) {
    throw new EnvError('DATABASE_URL must be a postgres://, postgresql:// or postgresql+asyncpg:// URL');
  }
  const corsOrigins = list('CORS_ORIGINS', DEFAULT_CORS);
  for (const origin of corsOrigins) {
    if (!isHttpUrl(origin)) throw new EnvError(`CORS_ORIGINS entries must be http(s) origins (got ${origin})`);
  }
  const apiKeys = list('TUNIX_API_KEYS', []);
  for (const key of apiKeys) {
    if (key.length < 16) throw new EnvError('TUNIX_API_KEYS entries must be at least 16 characters long');
  }
  const apiKeyHashes = list('TUNIX_API_KEY_HASHES', []);
  for (const hash of apiKeyHashes) {
    if (!/^[0-9a-f]{64}$/i.test(hash))
      throw new EnvError('TUNIX_API_KEY_HASHES entries must be sha256 hex digests (64 hex characters)');
  }
  // Orphaned runs are settled within staleSeconds + heartbeatSeconds (D6).
  const heartbeatSeconds = int('TUNIX_HEARTBEAT_SECONDS', 5, 1, 300);
  const staleSeconds = int('TUNIX_STALE_SECONDS', 30, 2, 3600);
  if (staleSeconds <= heartbeatSeconds) {
    throw new EnvError(
      `TUNIX_STALE_SECONDS (${staleSeconds}) must be greater than TUNIX_HEARTBEAT_SECONDS (${heartbeatSeconds})`,
    );
  }
  const tunixCliRaw = str('TUNIX_CLI', 'tunix');
  if (!tunixCliRaw.trim()) throw new EnvError('TUNIX_CLI must not be empty');
  // A path (not a bare command name) is made absolute: runs execute with their run directory as cwd.
  const tunixCli = tunixCliRaw.includes('/') ? resolve(tunixCliRaw) : tunixCliRaw;

  return {
    host: str('BACKEND_HOST', '127.0.0.1'),
    port: int('BACKEND_PORT', 8000, 1, 65535),
    dataDir: str('TUNIX_DATA_DIR', './data'),
    databaseUrl,
    dbPoolSize: int('DB_POOL_SIZE', 5, 1, 50),
    dbMaxOverflow: int('DB_MAX_OVERFLOW', 10, 0, 50),
    dbPoolTimeoutSeconds: int('DB_POOL_TIMEOUT', 30, 1, 300),
    traceMaxBytes: int('TRACE_MAX_BYTES', 1_048_576, 1024, 10_485_760),
    batchMaxBytes: int('TRACE_BATCH_MAX_BYTES', 33_554_432, 1024, 268_435_456),
    corsOrigins,
    redi: {
      mode: redisMode,
      baseUrl: rediBase.replace(/\/$/, ''),
      healthPath,
      cacheTtlSeconds: int('REDIAI_HEALTH_CACHE_TTL_SECONDS', 30, 0, 300),
    },
    tunixCli,
    runTimeoutSeconds: int('TUNIX_RUN_TIMEOUT_SECONDS', 30, 1, 86_400),
    cancelGraceSeconds: int('TUNIX_CANCEL_GRACE_SECONDS', 5, 0, 600),
    workerConcurrency: int('TUNIX_WORKER_CONCURRENCY', 2, 1, 64),
    dryRunConcurrency: int('TUNIX_DRY_RUN_CONCURRENCY', 8, 1, 64),
    embeddedWorker: bool('TUNIX_EMBEDDED_WORKER', true),
    heartbeatSeconds,
    staleSeconds,
    queuePollMs: int('TUNIX_QUEUE_POLL_MS', 500, 50, 60_000),
    shutdownGraceSeconds: int('TUNIX_SHUTDOWN_GRACE_SECONDS', 30, 0, 3600),
    apiKeys,
    apiKeyHashes,
    authReads: bool('TUNIX_AUTH_READS', false),
    writeRateLimitPerMinute: int('TUNIX_WRITE_RATE_LIMIT', 6000, 0, 10_000_000),
    logLevel: str('LOG_LEVEL', 'info'),
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host !== '';
  } catch {
    return false;
  }
}
