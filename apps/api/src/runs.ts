import { RunsRuntime, type RuntimeHooks } from '@tunix-rt/core/runs/runtime';
import type { RunSettings } from '@tunix-rt/core/runs/settings';
import type { DatabaseHandle } from '@tunix-rt/db';
import type { Env } from './env';

export function runSettings(env: Env): RunSettings {
  return {
    dataDir: env.dataDir,
    tunixCli: env.tunixCli,
    runTimeoutSeconds: env.runTimeoutSeconds,
    cancelGraceSeconds: env.cancelGraceSeconds,
    heartbeatSeconds: env.heartbeatSeconds,
    staleSeconds: env.staleSeconds,
    queuePollMs: env.queuePollMs,
    workerConcurrency: env.workerConcurrency,
    dryRunConcurrency: env.dryRunConcurrency,
    shutdownGraceSeconds: env.shutdownGraceSeconds,
  };
}

/** The run domain for one process (api, worker, or both). */
export function createRunsRuntime(env: Env, database: DatabaseHandle, hooks: RuntimeHooks = {}): RunsRuntime {
  return new RunsRuntime(database, runSettings(env), hooks);
}
