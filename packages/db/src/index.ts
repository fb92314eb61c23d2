export * from './connect';
export * from './lock';
export * from './migrate';
export type * from './schema';
export * from './url';
