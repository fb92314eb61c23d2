import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * JSONL responses: exactly `application/x-ndjson` (no charset, API.md §0.1), streamed so a
 * large export never sits in memory; a client that goes away stops the database reads.
 */
export function sendJsonl(reply: FastifyReply, lines: AsyncIterable<string> | Iterable<string>) {
  // Each item is a whole chunk of lines (hundreds of KB): buffer one, not the object-mode default of 16.
  return reply.type('application/x-ndjson').send(Readable.from(lines, { highWaterMark: 1 }));
}
