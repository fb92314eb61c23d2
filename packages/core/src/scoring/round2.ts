/**
 * Python's `round(x, 2)`: the decimal with 2 fractional digits nearest to the *exact* binary
 * value of `x`, exact ties to even. `Math.round(x * 100) / 100` differs on values such as
 * 1.725 (stored as 1.72500000000000008…, must give 1.73) because `x * 100` rounds first.
 */
export function round2(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const { mantissa, exponent } = decompose(Math.abs(x));
  // |x| = mantissa · 2^exponent exactly; an integral double is already its own rounding.
  if (exponent >= 0) return x;
  const shift = BigInt(-exponent);
  const scaled = mantissa * 100n;
  let q = scaled >> shift;
  const twiceRem = (scaled - (q << shift)) << 1n;
  const den = 1n << shift;
  if (twiceRem > den || (twiceRem === den && (q & 1n) === 1n)) q += 1n;
  // Parsing the decimal text is correctly rounded, also when q exceeds 2^53.
  const magnitude = Number(`${q}e-2`);
  return x < 0 ? -magnitude : magnitude;
}

/** Splits a positive finite double into an integer mantissa and a power-of-two exponent. */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  // Subnormals have no implicit leading 1 and the minimum exponent.
  if (biased === 0) return { mantissa: fraction, exponent: -1074 };
  return { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}
