import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { RunMode } from '@tunix-rt/contract';

// Every queue job's name and payload contract (STYLE.md §5). Payloads only grow: a field
// added later must be optional, so jobs already queued by an older version still parse.

/**
 * Two lanes, so a worker's few training slots are never taken by validations: a dry-run
 * spawns nothing and finishes in milliseconds, a local run holds a trainer (and a GPU) for
 * hours. Each lane has its own concurrency.
 */
export const RUN_QUEUES = { local: 'tunix-run', 'dry-run': 'tunix-dry-run' } as const satisfies Record<RunMode, string>;
export type RunQueueName = (typeof RUN_QUEUES)[RunMode];

export function queueFor(mode: string): RunQueueName {
  if (mode !== 'local' && mode !== 'dry-run') throw new PermanentJobError(`No queue for run mode ${mode}`);
  return RUN_QUEUES[mode];
}

/** NOTIFY channel: the payload is the queue a job was just committed to. */
export const RUN_QUEUED_CHANNEL = 'tunix_rt_run_queued';

/** Execute one queued run. The run row is the truth; the job only says "look at this run". */
export const RunJobPayload = Type.Object({
  run_id: Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' }),
});
export type RunJobPayload = Static<typeof RunJobPayload>;

/** A job that can never succeed however often it is retried (e.g. a malformed payload). */
export class PermanentJobError extends Error {}

export function parseRunJob(data: unknown): RunJobPayload {
  if (!Value.Check(RunJobPayload, data)) throw new PermanentJobError('Malformed run job payload');
  return { run_id: (data as RunJobPayload).run_id };
}
