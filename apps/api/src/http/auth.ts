import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const OPEN_PATHS = new Set(['/api/health']);

const sha256 = (value: string) => createHash('sha256').update(value).digest();

export interface AuthOptions {
  /** Plain keys from TUNIX_API_KEYS; only their hashes are kept in memory. */
  apiKeys: string[];
  /** sha256 hex digests from TUNIX_API_KEY_HASHES, so operators need not store plain keys. */
  apiKeyHashes: string[];
  /** Require a key for reads too (TUNIX_AUTH_READS). */
  authReads: boolean;
}

/**
 * Optional bearer-key access control. With no key configured everything is open (the
 * reference's behaviour). With keys, every write under /api needs `Authorization: Bearer <key>`
 * (401 when absent, 403 when wrong); reads and /metrics too when `authReads` is set.
 */
export function registerAuth(app: FastifyInstance, options: AuthOptions): void {
  const hashes = [...options.apiKeys.map(sha256), ...options.apiKeyHashes.map((h) => Buffer.from(h, 'hex'))];
  if (hashes.length === 0) return;
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const isApi = path.startsWith('/api/') || path === '/metrics';
    if (!isApi || OPEN_PATHS.has(path) || request.method === 'OPTIONS') return;
    if (!WRITE_METHODS.has(request.method) && !options.authReads) return;
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ detail: 'Missing API key: send the header "Authorization: Bearer <key>"' });
    }
    const presented = sha256(match[1]!);
    if (!hashes.some((h) => h.length === presented.length && timingSafeEqual(h, presented))) {
      return reply.code(403).send({ detail: 'Invalid API key' });
    }
  });
}
