import { createRediHealth } from '@tunix-rt/core/redi/health';
import { openTestDatabase } from '@tunix-rt/db/testing';
import { buildApp } from '../src/app';
import type { AppContext } from '../src/context';
import { loadEnv } from '../src/env';
import type { TypedApp } from '../src/types';

export interface TestApp {
  app: TypedApp;
  ctx: AppContext;
  close(): Promise<void>;
}

/** The real HTTP stack on a fresh database (PGlite, or PostgreSQL with TEST_DATABASE_URL). */
export async function createTestApp(vars: Record<string, string> = {}): Promise<TestApp> {
  const env = loadEnv({ TUNIX_EMBEDDED_WORKER: 'false', ...vars }, '');
  const database = await openTestDatabase();
  const ctx: AppContext = {
    env,
    database,
    rediHealth: createRediHealth({
      mode: env.redi.mode,
      healthUrl: env.redi.baseUrl + env.redi.healthPath,
      cacheTtlSeconds: env.redi.cacheTtlSeconds,
    }),
  };
  const app = await buildApp(ctx, { serveWeb: false });
  await app.ready();
  return {
    app,
    ctx,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** A valid trace; override any field. */
export function sampleTrace(overrides: Record<string, unknown> = {}) {
  return {
    trace_version: '1.0',
    prompt: 'What is 2 + 2?',
    final_answer: '4',
    steps: [{ i: 0, type: 'compute', content: 'Add 2 and 2' }],
    ...overrides,
  };
}

/** The frontend's "Load Example" trace (FORMATS.md §1.4). */
export const EXAMPLE_TRACE = {
  trace_version: '1.0',
  prompt: 'Convert 68°F to Celsius',
  final_answer: '20°C',
  steps: [
    { i: 0, type: 'parse', content: 'Parse the temperature conversion task: 68°F to °C' },
    { i: 1, type: 'formula', content: 'Use the formula: °C = (°F - 32) × 5/9' },
    { i: 2, type: 'compute', content: 'Calculate: (68 - 32) = 36' },
    { i: 3, type: 'compute', content: 'Calculate: 36 × 5/9 = 20' },
    { i: 4, type: 'result', content: 'Final answer: 20°C' },
  ],
  meta: { source: 'example', tags: ['temperature', 'conversion', 'fahrenheit', 'celsius'] },
};
