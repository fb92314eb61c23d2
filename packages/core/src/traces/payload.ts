import type { ReasoningTrace, TracePayload } from '@tunix-rt/contract';
import type { ValidationIssue } from '../errors';

/** The stored form (FORMATS.md §1.2): exactly these keys in this order, meta null when absent. */
export function toPayload(trace: ReasoningTrace): TracePayload {
  return {
    trace_version: trace.trace_version,
    prompt: trace.prompt,
    final_answer: trace.final_answer,
    steps: trace.steps.map((s) => ({ i: s.i, type: s.type, content: s.content })),
    meta: trace.meta ?? null,
  };
}

/** Step indices must be pairwise distinct; JSON Schema cannot say so (FORMATS.md §1.1). */
export function stepIndexIssues(trace: ReasoningTrace, loc: (string | number)[]): ValidationIssue[] {
  const seen = new Set<number>();
  for (const step of trace.steps) {
    if (seen.has(step.i)) {
      return [
        {
          type: 'value_error',
          loc: [...loc, 'steps'],
          msg: 'Value error, Step indices must be unique',
          input: trace.steps.map((s) => s.i),
          ctx: { error: 'Step indices must be unique' },
        },
      ];
    }
    seen.add(step.i);
  }
  return [];
}
