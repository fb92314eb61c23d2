import type { DatasetStats } from '@tunix-rt/contract';
import { codePointLength } from '../text';

interface StatsPayload {
  prompt: string;
  final_answer: string;
  steps: readonly { content: string }[];
}

/** Manifest `stats` over the selected payloads (FORMATS.md §6.3); averages are not rounded. */
export function datasetStats(payloads: readonly StatsPayload[]): DatasetStats {
  const n = payloads.length;
  if (n === 0) {
    return { trace_count: 0, avg_step_count: 0, min_step_count: 0, max_step_count: 0, avg_total_chars: 0 };
  }
  let stepSum = 0;
  let charSum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const p of payloads) {
    const count = p.steps.length;
    stepSum += count;
    min = Math.min(min, count);
    max = Math.max(max, count);
    charSum += codePointLength(p.prompt) + codePointLength(p.final_answer);
    for (const step of p.steps) charSum += codePointLength(step.content);
  }
  return {
    trace_count: n,
    avg_step_count: stepSum / n,
    min_step_count: min,
    max_step_count: max,
    avg_total_chars: charSum / n,
  };
}
