import type pg from 'pg';

/**
 * `COPY … FROM STDIN` on a plain `pg` client without pg-copy-streams: a minimal "submittable"
 * (the same protocol hook pg-copy-streams uses) that sends one buffer as CopyData and ends.
 * Only the bench uses it, as the raw ingest limit.
 */
class CopyIn {
  callback: ((err: Error | null) => void) | undefined;
  private error: Error | null = null;

  constructor(
    private readonly text: string,
    private readonly data: Buffer,
  ) {}

  submit(connection: PgConnection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: PgConnection): void {
    for (let i = 0; i < this.data.length; i += 64 * 1024)
      connection.sendCopyFromChunk(this.data.subarray(i, i + 64 * 1024));
    connection.endCopyFrom();
  }

  handleError(err: Error): void {
    this.error = err;
  }

  handleReadyForQuery(): void {
    this.callback?.(this.error);
  }

  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handleCopyData(): void {}
  handlePortalSuspended(): void {}
}

interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

export async function copyFrom(pool: pg.Pool, text: string, data: Buffer): Promise<void> {
  const client = await pool.connect();
  try {
    await new Promise<void>((resolve, reject) => {
      const copy = new CopyIn(text, data);
      copy.callback = (err) => (err ? reject(err) : resolve());
      client.query(copy as never);
    });
  } finally {
    client.release();
  }
}

/** One value in COPY text format. */
export function copyText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}
