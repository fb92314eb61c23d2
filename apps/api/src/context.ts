import type { RediHealth } from '@tunix-rt/contract';
import type { DatabaseHandle } from '@tunix-rt/db';
import type { Env } from './env';

/** What route handlers need; built once by the server (or by a test) and passed in. */
export interface AppContext {
  env: Env;
  database: DatabaseHandle;
  rediHealth: () => Promise<RediHealth>;
}
