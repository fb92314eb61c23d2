import type { Database } from '@tunix-rt/db';
import type { Kysely, Transaction } from 'kysely';

/** A database handle a repo function can run on: the pool or an open transaction (STYLE.md §3). */
export type Db = Kysely<Database> | Transaction<Database>;
