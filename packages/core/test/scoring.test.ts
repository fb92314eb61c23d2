import { describe, expect, it } from 'vitest';
import { scoreBaseline } from '../src/scoring/baseline';
import { round2 } from '../src/scoring/round2';
import { codePointLength } from '../src/text';

const steps = (...lengths: number[]) => lengths.map((n) => ({ content: 'x'.repeat(n) }));

describe('codePointLength', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(codePointLength('')).toBe(0);
    expect(codePointLength('68°F')).toBe(4);
    expect(codePointLength('😀a')).toBe(2);
    expect('😀a'.length).toBe(3);
  });
});

describe('round2 (Python round(x, 2))', () => {
  it('rounds from the exact binary value', () => {
    expect((17.25 / 500) * 50).toBe(1.725); // stored as 1.72500000000000008…
    expect(round2((17.25 / 500) * 50)).toBe(1.73);
    expect((71.25 / 500) * 50).toBe(7.124999999999999);
    expect(round2((71.25 / 500) * 50)).toBe(7.12);
    expect(round2(2.675)).toBe(2.67); // 2.67499999…
    expect(round2(0.005)).toBe(0.01);
    expect(round2(0.015)).toBe(0.01);
    expect(round2(0.025)).toBe(0.03);
  });

  it('sends exact ties to even', () => {
    expect(round2(0.125)).toBe(0.12);
    expect(round2(0.375)).toBe(0.38);
    expect(round2(123456789.125)).toBe(123456789.12);
  });

  it('handles signs, zero, integers, subnormals and non-finite values', () => {
    expect(round2(-2.675)).toBe(-2.67);
    expect(Object.is(round2(-0.001), -0)).toBe(true);
    expect(round2(0)).toBe(0);
    expect(round2(25)).toBe(25);
    expect(round2(1e-320)).toBe(0);
    expect(round2(30.6)).toBe(30.6);
    expect(round2(Number.NaN)).toBeNaN();
    expect(round2(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('scoreBaseline (API.md §3.6)', () => {
  it('scores the Load Example trace (FORMATS.md §1.4)', () => {
    const example = [
      'Parse the temperature conversion task: 68°F to °C',
      'Use the formula: °C = (°F - 32) × 5/9',
      'Calculate: (68 - 32) = 36',
      'Calculate: 36 × 5/9 = 20',
      'Final answer: 20°C',
    ].map((content) => ({ content }));
    expect(scoreBaseline(example)).toEqual({
      score: 28.06,
      details: {
        step_count: 5,
        avg_step_length: 30.6,
        total_chars: 153,
        step_score: 25.0,
        length_score: 3.06,
        criteria: 'baseline',
      },
    });
  });

  it('keeps the detail keys in the documented order', () => {
    expect(Object.keys(scoreBaseline(steps(1)).details)).toEqual([
      'step_count',
      'avg_step_length',
      'total_chars',
      'step_score',
      'length_score',
      'criteria',
    ]);
  });

  it('matches the worked values', () => {
    expect(scoreBaseline([{ content: 'Add 2 and 2' }]).score).toBe(6.1);
    expect(scoreBaseline(steps(10)).score).toBe(6.0);
    expect(scoreBaseline(steps(500, 500, 500, 500, 500, 500, 500, 500, 500, 500)).score).toBe(100.0);
    expect(scoreBaseline(Array.from({ length: 20 }, () => ({ content: 'y'.repeat(1000) }))).score).toBe(100.0);
    const mixed = scoreBaseline(steps(5, 100, 400));
    expect(mixed.score).toBe(31.83);
    expect(mixed.details.step_score).toBe(15.0);
    expect(mixed.details.length_score).toBe(16.83);
  });

  it('scores the photosynthesis trace 27.12 (length part 7.1249999…)', () => {
    const result = scoreBaseline(steps(83, 59, 62, 81));
    expect(result.details.avg_step_length).toBe(71.25);
    expect(result.details.step_score).toBe(20.0);
    expect(result.details.length_score).toBe(7.12);
    expect(result.score).toBe(27.12);
  });

  it('scores the UNGAR trace 21.73 (1.725 rounds up)', () => {
    const ungar = ['Legal moves: [reveal]', 'My hand: TS', 'Unseen cards: 51', 'Action chosen: reveal'];
    const result = scoreBaseline(ungar.map((content) => ({ content })));
    expect(result.details.total_chars).toBe(69);
    expect(result.details.avg_step_length).toBe(17.25);
    expect(result.details.length_score).toBe(1.73);
    expect(result.score).toBe(21.73);
  });

  it('measures lengths in code points', () => {
    expect(scoreBaseline([{ content: '😀😀' }]).details.total_chars).toBe(2);
  });
});
