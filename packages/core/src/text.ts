/**
 * Length in Unicode code points, the unit every limit and statistic in the spec uses
 * (Python `len`). `String.length` counts UTF-16 units and would count an emoji twice.
 */
export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
