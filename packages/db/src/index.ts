export * from './connect';
export type { Unlisten } from './listen';
export * from './lock';
export * from './migrate';
export type * from './schema';
export * from './url';
