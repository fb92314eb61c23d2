import { codePointLength } from '../text';
import { round2 } from './round2';

export interface BaselineDetails {
  step_count: number;
  avg_step_length: number;
  total_chars: number;
  step_score: number;
  length_score: number;
  criteria: 'baseline';
}

export interface BaselineScore {
  score: number;
  details: BaselineDetails;
}

/**
 * The deterministic baseline scorer (API.md §3.6): half the score rewards step count (capped at
 * 10 steps), half rewards average step length (capped at 500 code points). The total is
 * rounded from the unrounded parts, so it may differ from the sum of the rounded parts by 0.01.
 */
export function scoreBaseline(steps: readonly { content: string }[]): BaselineScore {
  const stepCount = steps.length;
  const totalChars = steps.reduce((sum, s) => sum + codePointLength(s.content), 0);
  // The schema guarantees ≥1 step; guard anyway so a bad caller gets 0 rather than NaN.
  const avgStepLength = stepCount === 0 ? 0 : totalChars / stepCount;
  const stepScore = Math.min(stepCount / 10, 1.0) * 50;
  const lengthScore = Math.min(avgStepLength / 500, 1.0) * 50;
  return {
    score: round2(stepScore + lengthScore),
    details: {
      step_count: stepCount,
      avg_step_length: round2(avgStepLength),
      total_chars: totalChars,
      step_score: round2(stepScore),
      length_score: round2(lengthScore),
      criteria: 'baseline',
    },
  };
}
