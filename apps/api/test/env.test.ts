import { describe, expect, it } from 'vitest';
import { loadEnv } from '../src/env';

describe('run lane settings', () => {
  it('defaults to 2 local and 8 dry-run slots', () => {
    const env = loadEnv({}, '');
    expect(env.workerConcurrency).toBe(2);
    expect(env.dryRunConcurrency).toBe(8);
  });

  it('refuses an out-of-range or non-integer TUNIX_DRY_RUN_CONCURRENCY, naming it', () => {
    for (const bad of ['0', '65', 'abc', '2.5']) {
      expect(() => loadEnv({ TUNIX_DRY_RUN_CONCURRENCY: bad }, '')).toThrow(
        `TUNIX_DRY_RUN_CONCURRENCY must be an integer between 1 and 64 (got "${bad}")`,
      );
    }
    expect(loadEnv({ TUNIX_DRY_RUN_CONCURRENCY: '16' }, '').dryRunConcurrency).toBe(16);
  });
});
