import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ExitError } from './errors';

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
  // A reader that went away (`| head`) is the end of the job, not an error.
  const closedReader = (error: unknown) =>
    (error as NodeJS.ErrnoException).code === 'EPIPE' ? new ExitError(0) : (error as Error);
  let broken: Error | undefined;
  stream.on('error', (error) => {
    broken = closedReader(error);
  });
  return {
    async write(chunk) {
      if (broken) throw broken;
      if (!stream.write(chunk)) {
        // `once` rejects with the stream's error; the listener above has already classified it.
        await once(stream, 'drain').catch((error: unknown) => {
          throw closedReader(error);
        });
      }
    },
    async pipeFrom(body) {
      if (!body) return;
      // `end: false`: stdout must stay open, and close() ends a file once.
      await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), stream, { end: false }).catch(
        (error: unknown) => {
          throw closedReader(error);
        },
      );
    },
    async close() {
      if (!toFile) return;
      stream.end();
      await once(stream, 'finish');
    },
  };
}
