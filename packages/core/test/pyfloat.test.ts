import { describe, expect, it } from 'vitest';
import { pyFloatStr, yamlFloat } from '../src/tunix/pyfloat';

// Expected strings are CPython 3.11 `repr(x)` and PyYAML 6 `yaml.dump(x)`.
const CASES: [number, string, string][] = [
  [2e-5, '2e-05', '2.0e-05'],
  [5e-5, '5e-05', '5.0e-05'],
  [2.5e-5, '2.5e-05', '2.5e-05'],
  [1e-4, '0.0001', '0.0001'],
  [3e-4, '0.0003', '0.0003'],
  [0.001, '0.001', '0.001'],
  [0.5, '0.5', '0.5'],
  [1, '1.0', '1.0'],
  [1e-10, '1e-10', '1.0e-10'],
  [1e16, '1e+16', '1.0e+16'],
  [1e15, '1000000000000000.0', '1000000000000000.0'],
  [0.1 + 0.2, '0.30000000000000004', '0.30000000000000004'],
  [-2e-5, '-2e-05', '-2.0e-05'],
  [1e22, '1e+22', '1.0e+22'],
  [5e-324, '5e-324', '5.0e-324'],
  [1e-5, '1e-05', '1.0e-05'],
  [0.00012, '0.00012', '0.00012'],
  [123.456, '123.456', '123.456'],
  [-0, '-0.0', '-0.0'],
  [0, '0.0', '0.0'],
  [1.7976931348623157e308, '1.7976931348623157e+308', '1.7976931348623157e+308'],
];

describe('pyFloatStr / yamlFloat (FORMATS.md §10, §7.2)', () => {
  it.each(CASES)('%d → %s / %s', (x, repr, yaml) => {
    expect(pyFloatStr(x)).toBe(repr);
    expect(yamlFloat(x)).toBe(yaml);
  });

  it('spells non-finite values like Python and YAML', () => {
    expect([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].map(pyFloatStr)).toEqual([
      'nan',
      'inf',
      '-inf',
    ]);
    expect([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].map(yamlFloat)).toEqual([
      '.nan',
      '.inf',
      '-.inf',
    ]);
  });
});
