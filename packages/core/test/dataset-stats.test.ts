import { describe, expect, it } from 'vitest';
import { datasetStats } from '../src/datasets/stats';
import { generateHighCardDuel } from '../src/ungar/high-card-duel';

describe('datasetStats (FORMATS.md §6.3)', () => {
  it('returns zeros for an empty selection', () => {
    const stats = datasetStats([]);
    expect(stats).toEqual({
      trace_count: 0,
      avg_step_count: 0,
      min_step_count: 0,
      max_step_count: 0,
      avg_total_chars: 0,
    });
    expect(Object.keys(stats)).toEqual([
      'trace_count',
      'avg_step_count',
      'min_step_count',
      'max_step_count',
      'avg_total_chars',
    ]);
  });

  it('matches the worked manifest (two UNGAR traces, 130 chars each)', () => {
    expect(datasetStats(generateHighCardDuel({ count: 2, seed: 42 }))).toEqual({
      trace_count: 2,
      avg_step_count: 4,
      min_step_count: 4,
      max_step_count: 4,
      avg_total_chars: 130,
    });
  });

  it('counts code points and does not round averages', () => {
    const trace = (prompt: string, steps: string[]) => ({
      prompt,
      final_answer: 'a',
      steps: steps.map((content) => ({ content })),
    });
    const stats = datasetStats([trace('😀', ['x']), trace('p', ['x', 'y']), trace('p', ['x', 'y', 'z', 'w'])]);
    expect(stats.min_step_count).toBe(1);
    expect(stats.max_step_count).toBe(4);
    expect(stats.avg_step_count).toBeCloseTo(7 / 3, 15);
    expect(stats.avg_total_chars).toBe((3 + 4 + 6) / 3);
  });
});
