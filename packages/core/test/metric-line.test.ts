import { describe, expect, it } from 'vitest';
import { parseMetricLine } from '../src/tunix/metric-line';

describe('parseMetricLine', () => {
  it('reads a step with numeric metrics', () => {
    expect(parseMetricLine('{"step": 10, "loss": 0.42, "lr": 2e-05}')).toEqual({
      step: 10,
      values: { loss: 0.42, lr: 2e-5 },
    });
    expect(parseMetricLine('  {"step":0,"loss":1}\r')).toEqual({ step: 0, values: { loss: 1 } });
  });

  it('ignores fields that are not finite numbers', () => {
    expect(parseMetricLine('{"step": 3, "loss": 0.5, "tag": "x", "nested": {"a": 1}, "ok": true, "n": null}')).toEqual({
      step: 3,
      values: { loss: 0.5 },
    });
    expect(parseMetricLine('{"step": 3, "loss": 1e999, "acc": 0.9}')).toEqual({ step: 3, values: { acc: 0.9 } });
  });

  it.each([
    'Epoch 1/3 loss=0.4',
    '',
    '{not json}',
    '[1, 2]',
    '{"step": 1}',
    '{"loss": 0.4}',
    '{"step": -1, "loss": 0.4}',
    '{"step": 1.5, "loss": 0.4}',
    '{"step": "1", "loss": 0.4}',
    '{"step": 1, "loss": "0.4"}',
    '{"step": 1e20, "loss": 0.4}',
    'null',
    '42',
  ])('rejects %j', (input) => {
    expect(parseMetricLine(input)).toBeNull();
  });

  it('ignores over-long lines', () => {
    const padding = ' '.repeat(4096);
    expect(parseMetricLine(`{"step": 1, "loss": 0.4}${padding}`)).toBeNull();
  });

  it('keeps at most 32 metrics', () => {
    const fields = Array.from({ length: 40 }, (_, i) => `"m${i}": ${i}`).join(', ');
    const point = parseMetricLine(`{"step": 1, ${fields}}`);
    expect(Object.keys(point?.values ?? {})).toHaveLength(32);
    expect(point?.values.m31).toBe(31);
    expect(point?.values.m32).toBeUndefined();
  });

  it('treats a "__proto__" metric as an ordinary key', () => {
    const point = parseMetricLine('{"step": 1, "__proto__": 5}');
    expect(Object.entries(point?.values ?? {})).toEqual([['__proto__', 5]]);
  });
});
