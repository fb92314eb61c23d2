import pg from 'pg';

/** Stops listening and closes the dedicated connection. */
export type Unlisten = () => Promise<void>;

const RECONNECT_MS = 1000;

/**
 * LISTEN on a dedicated connection (a pooled one would be handed to other queries between
 * notifications). The connection is re-opened when PostgreSQL drops it; `onNotify` is also
 * called after every (re)connect, because notifications sent while disconnected are lost and
 * the caller should look for work it may have missed.
 */
export async function listenPostgres(
  connectionString: string,
  channel: string,
  onNotify: (payload: string | undefined) => void,
): Promise<Unlisten> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const reconnectLater = () => {
    client = undefined;
    if (!stopped) retry ??= setTimeout(connect, RECONNECT_MS).unref();
  };

  async function connect(): Promise<void> {
    retry = undefined;
    const c = new pg.Client({ connectionString });
    c.on('error', () => {}); // 'end' follows and schedules the reconnect
    c.on('end', reconnectLater);
    c.on('notification', (message) => {
      if (message.channel === channel) onNotify(message.payload);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${c.escapeIdentifier(channel)}`);
      if (stopped) return void (await c.end());
      client = c;
      onNotify(undefined);
    } catch {
      c.removeAllListeners('end');
      await c.end().catch(() => {});
      reconnectLater();
    }
  }

  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const c = client;
    client = undefined;
    c?.removeAllListeners('end');
    await c?.end().catch(() => {});
  };
}
