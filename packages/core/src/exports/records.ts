import type { TracePayload } from '@tunix-rt/contract';
import { modelTurnText, renderGemma } from './gemma';
import { TRAINING_EXAMPLE_NAMESPACE, uuidV5 } from './uuid-v5';

// The three JSONL record shapes (FORMATS.md §5), with this implementation's fixes (D1):
// Z-form timestamps, deterministic training_example ids, reserved metadata keys protected.

export interface ExportSourceRow {
  id: string;
  created_at: Date;
  payload: TracePayload;
}

export type ExportShape = 'trace' | 'tunix_sft' | 'training_example';

type Metadata = Record<string, unknown>;

/**
 * Fixed keys first, then the trace's meta keys that are not already present: unlike the
 * reference (API.md §8 item 16) a meta key can never overwrite `created_at` and friends.
 * JS objects list integer-like keys first, so a meta key such as "7" moves ahead of the fixed
 * keys in the output; the parsed values are unaffected. `fixed` is a fresh literal per record,
 * so it is filled in place (this runs once per exported line).
 */
function mergeMeta(fixed: Metadata, meta: Metadata | null): Metadata {
  if (!meta) return fixed;
  for (const key in meta) {
    if (!Object.hasOwn(meta, key) || Object.hasOwn(fixed, key)) continue;
    // A "__proto__" key from JSON must stay plain data: assignment would set the prototype.
    if (key === '__proto__') {
      Object.defineProperty(fixed, key, { value: meta[key], enumerable: true, writable: true, configurable: true });
    } else fixed[key] = meta[key];
  }
  return fixed;
}

const stepContents = (payload: TracePayload): string[] => payload.steps.map((s) => s.content);

export function toTraceRecord(row: ExportSourceRow) {
  const { payload } = row;
  return {
    id: row.id,
    prompts: payload.prompt,
    trace_steps: stepContents(payload),
    final_answer: payload.final_answer,
    metadata: mergeMeta(
      { created_at: row.created_at.toISOString(), trace_version: payload.trace_version },
      payload.meta,
    ),
  };
}

export function toSftRecord(row: ExportSourceRow) {
  const { payload } = row;
  return {
    id: row.id,
    // The whole conversation, model turn included: Tunix SFT trains on the rendered text.
    prompts: renderGemma({ prompt: payload.prompt, steps: stepContents(payload), finalAnswer: payload.final_answer }),
    final_answer: payload.final_answer,
    metadata: mergeMeta(
      { created_at: row.created_at.toISOString(), trace_version: payload.trace_version, format: 'tunix_sft' },
      payload.meta,
    ),
  };
}

export function toTrainingExampleRecord(row: ExportSourceRow) {
  const { payload } = row;
  return {
    // Derived from the source trace so repeated exports are identical (API.md §8 item 15).
    id: uuidV5(row.id, TRAINING_EXAMPLE_NAMESPACE),
    prompt: `${payload.prompt}\n\nPlease show your reasoning steps.`,
    response: modelTurnText(stepContents(payload), payload.final_answer),
    metadata: mergeMeta(
      {
        source_trace_id: row.id,
        created_at: row.created_at.toISOString(),
        trace_version: payload.trace_version,
      },
      payload.meta,
    ),
  };
}

export const EXPORT_SHAPES: Record<ExportShape, (row: ExportSourceRow) => object> = {
  trace: toTraceRecord,
  tunix_sft: toSftRecord,
  training_example: toTrainingExampleRecord,
};

/** One JSONL line (FORMATS.md §4); values equal the reference's, bytes need not. */
export function toJsonLine(record: object): string {
  return `${JSON.stringify(record)}\n`;
}
