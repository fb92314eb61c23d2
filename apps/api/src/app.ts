import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions, LogController } from 'fastify';
import type { AppContext } from './context';
import { registerAuth } from './http/auth';
import { registerBodyParsers } from './http/body';
import { frameworkErrorReply, registerErrorHandling } from './http/errors';
import { registerNotFound, trackRoutes } from './http/not-found';
import { validatorCompiler } from './http/validation';
import { createMetrics } from './metrics';
import { registerDatasetRoutes } from './routes/datasets';
import { registerHealthRoutes } from './routes/health';
import { registerMetricsRoutes } from './routes/metrics';
import { registerTraceRoutes } from './routes/traces';
import { registerTunixRoutes } from './routes/tunix';
import { registerUngarRoutes } from './routes/ungar';
import { createRunsRuntime } from './runs';
import type { TypedApp } from './types';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface BuildOptions {
  logger?: FastifyServerOptions['logger'];
  /** Serve the built web UI at `/` when it exists (default true). */
  serveWeb?: boolean;
}

/** Builds the HTTP app without listening, so tests drive it with `inject` or a real port. */
export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<TypedApp> {
  const app = Fastify({
    logger: options.logger ?? false,
    // Per-request lines drown the useful ones; request timings are in /metrics instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: ctx.env.traceMaxBytes,
    // Node's default of keeping sockets forever lets a slow client pin memory.
    requestTimeout: 120_000,
    ajv: { customOptions: {} },
    // Errors raised before routing (malformed percent-encoding, an oversized path parameter)
    // leave in the same `{detail}` shape as everything else.
    frameworkErrors: frameworkErrorReply,
    // Replaced by the `{detail}` guard below.
    return503OnClosing: false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const routePatterns = trackRoutes(app);
  app.setValidatorCompiler(validatorCompiler);
  registerBodyParsers(app);
  registerErrorHandling(app, ctx.env);
  // Once close() has begun, a request arriving on a kept-alive connection is refused in the
  // usual `{detail}` shape, with `Connection: close` so the client reconnects elsewhere.
  const closing = new AbortController();
  app.addHook('preClose', async () => closing.abort());
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing.signal.aborted) return;
    return reply
      .code(503)
      .header('connection', 'close')
      .send({ detail: 'The server is shutting down; retry the request' });
  });

  // strictPreflight off: an OPTIONS without Access-Control-Request-Method gets the CORS headers
  // (or none), not a bare-text 400 outside the `{detail}` contract.
  await app.register(cors, { origin: ctx.env.corsOrigins, credentials: true, strictPreflight: false });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Chart and Swagger UI styles are inline; scripts stay same-origin only.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
        scriptSrc: ["'self'"],
      },
    },
  });
  if (ctx.env.writeRateLimitPerMinute > 0) {
    await app.register(rateLimit, {
      max: ctx.env.writeRateLimitPerMinute,
      timeWindow: 60_000,
      // Only writes are limited: reads are cheap and pollers (UI, CLI --follow) must not trip it.
      allowList: (request) => !['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method),
      errorResponseBuilder: (_req, context) => ({
        statusCode: 429,
        detail: `Rate limit exceeded: at most ${context.max} writes per minute; retry in ${context.after}`,
      }),
    });
  }
  registerAuth(app, ctx.env);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Tunix RT Backend',
        version: '0.1.0',
        description: 'Reasoning-Trace backend with RediAI integration',
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerHealthRoutes(app, ctx);
  registerTraceRoutes(app, ctx);
  registerDatasetRoutes(app, ctx);
  registerUngarRoutes(app, ctx);

  // The run domain lives as long as the app: orphan recovery, reaper and (when embedded) the
  // worker start with it; on close, SSE streams end first, then in-flight runs get their grace.
  const metrics = createMetrics(ctx.database.db);
  const runs = createRunsRuntime(ctx.env, ctx.database, {
    onFinished: (row) => metrics.runFinished(row),
    onError: (err, context) => app.log.error({ err }, `runs: ${context}`),
    onReaped: (result) => app.log.warn(result, 'runs: settled orphaned runs'),
  });
  registerMetricsRoutes(app, metrics);
  registerTunixRoutes(app, runs, closing.signal);
  app.addHook('onReady', async () => runs.start({ worker: ctx.env.embeddedWorker }));
  app.addHook('onClose', async () => runs.stop());

  const serveWeb = (options.serveWeb ?? true) && existsSync(WEB_DIST);
  if (serveWeb) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false });
  registerNotFound(app, routePatterns, { spaFallback: serveWeb });
  return app;
}
