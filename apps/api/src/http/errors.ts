import { AppError, RequestValidationError } from '@tunix-rt/core/errors';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toIssues } from './validation';

const DB_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P03',
  '08006',
  '08001',
  '08003',
]);

/** True for errors that mean "the database is unreachable", which deserve a 503, not a 500. */
export function isDatabaseDown(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.code && DB_DOWN_CODES.has(e.code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    e.message ?? '',
  );
}

/**
 * SQLSTATE class 22 ("data exception": out-of-range number, bad text encoding, invalid jsonb
 * text) and 54001 (statement too deeply nested) come from request values the schema let
 * through. They are the client's problem, not a server fault: 422, never a 500. The request
 * guards (input-guard.ts, integer bounds in validation.ts) catch the known cases first; this is
 * the net for the rest.
 */
export function isBadInputForDatabase(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^(22[0-9A-Z]{3}|54001)$/.test(code);
}

const FRAMEWORK_DETAILS: Record<string, string> = {
  FST_ERR_BAD_URL: 'Malformed URL: invalid percent-encoding',
  FST_ERR_MAX_PARAM_LENGTH: 'A path parameter is too long',
};

/** Fastify's pre-routing errors (bad URL encoding, oversized path parameter) as `{detail}`. */
export function frameworkErrorReply(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  void reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ detail: FRAMEWORK_DETAILS[error.code] ?? error.message });
}

/** The one error path (STYLE.md §9): every failure leaves as `{detail}` with a 4xx/5xx. */
export function registerErrorHandling(
  app: FastifyInstance,
  limits: { traceMaxBytes: number; batchMaxBytes: number },
): void {
  app.setErrorHandler((error: FastifyError, request, rawReply) => {
    // Error bodies are always `{detail}` built right here, so they skip the route's response
    // schema: a route declaring 422 as the array envelope must not turn a string-detail 422
    // (pagination bounds, dataset keys) into a serialisation 500.
    const reply = rawReply.type('application/json; charset=utf-8').serializer(JSON.stringify);
    if (error instanceof AppError) return reply.code(error.status).send({ detail: error.detail });
    if (error instanceof RequestValidationError) return reply.code(422).send({ detail: error.issues });
    if (error.validation) {
      return reply.code(422).send({ detail: toIssues(error.validation as never, error.validationContext ?? 'body') });
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const limit = request.routeOptions.bodyLimit ?? limits.traceMaxBytes;
      return reply.code(413).send({ detail: `Payload size exceeds maximum of ${limit} bytes` });
    }
    if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return reply.code(422).send({ detail: [{ type: 'missing', loc: ['body'], msg: 'Field required' }] });
    }
    if (isDatabaseDown(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return reply.code(503).header('retry-after', '5').send({ detail: 'Database unavailable; retry shortly' });
    }
    if (isBadInputForDatabase(error)) {
      request.log.warn({ err: error }, 'request value refused by the database');
      return reply.code(422).send({ detail: `Invalid input: ${error.message}` });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const detail = (error as { detail?: unknown }).detail;
      return reply.code(status).send({ detail: typeof detail === 'string' ? detail : error.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ detail: 'Internal Server Error' });
  });
}
