// Python float text, where the reference's output depends on it (FORMATS.md §10, §7.2).

/** Python `str(float)` / `repr(float)`: shortest round-trip digits, Python's notation switch. */
export function pyFloatStr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // JS and Python both print the shortest round-trip digits; only the layout differs.
  const [mantissa = '', expText = '0'] = x.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  // In this exponent range String(x) is always fixed notation (JS switches at 1e21 / 1e-7).
  const fixed = String(x);
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

/**
 * PyYAML's float representer: lower-cased repr, with `.0` forced into a bare exponent form
 * (`2e-05` → `2.0e-05`) so YAML 1.1 loaders read it as a float, not a string.
 */
export function yamlFloat(x: number): string {
  if (Number.isNaN(x)) return '.nan';
  if (x === Number.POSITIVE_INFINITY) return '.inf';
  if (x === Number.NEGATIVE_INFINITY) return '-.inf';
  const text = pyFloatStr(x).toLowerCase();
  return !text.includes('.') && text.includes('e') ? text.replace('e', '.0e') : text;
}
