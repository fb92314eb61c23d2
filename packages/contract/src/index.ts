export * from './common';
export * from './datasets';
export * from './health';
export * from './traces';
export * from './tunix';
export * from './ungar';
