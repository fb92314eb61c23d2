import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

// Every queue job's name and payload contract (STYLE.md §5). Payloads only grow: a field
// added later must be optional, so jobs already queued by an older version still parse.

export const RUN_QUEUE = 'tunix-run';

/** Execute one queued run. The run row is the truth; the job only says "look at this run". */
export const RunJobPayload = Type.Object({
  run_id: Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' }),
});
export type RunJobPayload = Static<typeof RunJobPayload>;

/** A job that can never succeed however often it is retried (e.g. a malformed payload). */
export class PermanentJobError extends Error {}

export function parseRunJob(data: unknown): RunJobPayload {
  if (!Value.Check(RunJobPayload, data)) throw new PermanentJobError(`Malformed ${RUN_QUEUE} job payload`);
  return { run_id: (data as RunJobPayload).run_id };
}
