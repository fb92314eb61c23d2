import type { AppMetrics } from '../metrics';
import type { TypedApp } from '../types';

export function registerMetricsRoutes(app: TypedApp, metrics: AppMetrics): void {
  // Route patterns, not raw URLs, as labels: one series per endpoint, not per run id.
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url;
    if (!route || route === '/metrics') return;
    metrics.observeHttp(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
}
