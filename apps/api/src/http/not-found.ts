import type { FastifyInstance } from 'fastify';

/**
 * Unknown route → 404 `{"detail":"Not Found"}`; a known path with the wrong method → 405
 * (API.md §0.2). Fastify itself answers 404 for both, so route patterns are collected to tell
 * them apart. Browser navigations outside /api get the SPA's index.html.
 */
export function trackRoutes(app: FastifyInstance): RegExp[] {
  const patterns: RegExp[] = [];
  app.addHook('onRoute', (route) => {
    const source = route.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]+/g, '[^/]+');
    patterns.push(new RegExp(`^${source}/?$`));
  });
  return patterns;
}

export function registerNotFound(app: FastifyInstance, patterns: RegExp[], options: { spaFallback: boolean }): void {
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (options.spaFallback && request.method === 'GET' && !path.startsWith('/api/') && !path.includes('.')) {
      return reply.sendFile('index.html');
    }
    if (patterns.some((p) => p.test(path))) return reply.code(405).send({ detail: 'Method Not Allowed' });
    return reply.code(404).send({ detail: 'Not Found' });
  });
}
