import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/** Where exported data goes: a file (`-o FILE`) or stdout. Writes honour back-pressure. */
export interface Output {
  write(chunk: string): Promise<void>;
  /** Streams a fetch Response body through unchanged. */
  pipeFrom(body: ReadableStream<Uint8Array> | null): Promise<void>;
  close(): Promise<void>;
}

export async function openOutput(file?: string): Promise<Output> {
  const toFile = file !== undefined && file !== '-';
  const stream: Writable = toFile ? createWriteStream(file) : process.stdout;
  if (toFile) await once(stream, 'open');
  return {
    async write(chunk) {
      if (!stream.write(chunk)) await once(stream, 'drain');
    },
    async pipeFrom(body) {
      if (!body) return;
      // `end: false`: stdout must stay open, and close() ends a file once.
      await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), stream, { end: false });
    },
    async close() {
      if (!toFile) return;
      stream.end();
      await once(stream, 'finish');
    },
  };
}
