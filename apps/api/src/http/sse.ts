import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Sends an async sequence of events as Server-Sent Events. The reply is hijacked (Fastify
 * does not own the socket any more), so headers set by hooks (CORS, helmet) are copied over.
 * A client that disconnects aborts `signal`, which stops the producer's polling.
 */
export async function sendEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  produce: (signal: AbortSignal) => AsyncIterable<{ event: string; data: unknown; id?: string }>,
  options: { keepAliveMs?: number; closing?: AbortSignal } = {},
): Promise<void> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  // The response's 'close' (not the request's, which fires once a GET is read) means the
  // client went away before we ended the stream.
  reply.raw.on('close', abort);
  options.closing?.addEventListener('abort', abort, { once: true });
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx and similar proxies buffer responses unless told not to.
    'x-accel-buffering': 'no',
  });
  raw.write(': stream open\n\n');
  const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), options.keepAliveMs ?? 15_000);
  try {
    for await (const message of produce(controller.signal)) {
      if (controller.signal.aborted) break;
      const id = message.id ? `id: ${message.id}\n` : '';
      raw.write(`${id}event: ${message.event}\ndata: ${JSON.stringify(message.data)}\n\n`);
    }
  } catch (error) {
    request.log.warn({ err: error }, 'event stream failed');
    if (!controller.signal.aborted) raw.write(`event: error\ndata: ${JSON.stringify({ detail: 'stream failed' })}\n\n`);
  } finally {
    clearInterval(keepAlive);
    reply.raw.off('close', abort);
    options.closing?.removeEventListener('abort', abort);
    raw.end();
  }
}
