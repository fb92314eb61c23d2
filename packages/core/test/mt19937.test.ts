import { describe, expect, it } from 'vitest';
import { PyRandom } from '../src/random/mt19937';

// Expected values were produced by CPython 3.11's `random.Random`.
const words = (rng: PyRandom, n: number) => Array.from({ length: n }, () => rng.getrandbits(32));

describe('PyRandom (FORMATS.md §9)', () => {
  it('seeds like CPython from small, large and negative integers', () => {
    expect(words(new PyRandom(0), 3)).toEqual([3626764237, 1654615998, 3255389356]);
    expect(words(new PyRandom(2 ** 40 + 5), 3)).toEqual([2166296868, 2220160828, 1153647273]);
    expect(words(new PyRandom(2n ** 64n + 3n), 2)).toEqual([3921169615, 2134766284]);
    expect(words(new PyRandom(-7), 2)).toEqual([1390851128, 4071050724]);
    expect(words(new PyRandom(7), 2)).toEqual([1390851128, 4071050724]);
  });

  it('takes the top k bits of one word', () => {
    const rng = new PyRandom(12345);
    expect([1, 7, 16, 31, 32].map((k) => rng.getrandbits(k))).toEqual([0, 93, 666, 1761311798, 3544234957]);
    expect(rng.getrandbits(0)).toBe(0);
    expect(() => rng.getrandbits(33)).toThrow(RangeError);
  });

  it('stays exact across the 624-word regeneration', () => {
    const rng = new PyRandom(1);
    words(rng, 700);
    expect(rng.getrandbits(32)).toBe(1357504633);
  });

  it('randbelow rejects like _randbelow', () => {
    const rng = new PyRandom(99);
    expect([1, 2, 3, 10, 1000, 2 ** 31, 2 ** 32 - 1].map((n) => rng.randbelow(n))).toEqual([
      0, 1, 0, 9, 183, 988970880, 1067004398,
    ]);
    expect(() => rng.randbelow(0)).toThrow(RangeError);
    expect(() => rng.randbelow(2 ** 32)).toThrow(RangeError);
  });

  it('shuffles in place like random.shuffle', () => {
    const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    new PyRandom(5).shuffle(x);
    expect(x).toEqual([2, 3, 1, 0, 8, 7, 6, 5, 4, 9]);
  });

  it('samples with the set-based algorithm for large populations', () => {
    const population = Array.from({ length: 100 }, (_, i) => i);
    expect(new PyRandom(7).sample(population, 10)).toEqual([41, 19, 50, 83, 6, 9, 68, 12, 46, 74]);
  });

  it('samples with the pool algorithm for small populations, input untouched', () => {
    const population = Array.from({ length: 20 }, (_, i) => i);
    expect(new PyRandom(7).sample(population, 5)).toEqual([10, 4, 12, 1, 2]);
    expect(population).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(new PyRandom(11).sample([...'abcdefgh'], 8)).toEqual([...'hgedfcab']);
  });

  it('draws nothing for k = 0 and rejects k out of range', () => {
    const rng = new PyRandom(3);
    expect(rng.sample([1, 2, 3, 4, 5], 0)).toEqual([]);
    expect(rng.getrandbits(32)).toBe(1022050301);
    expect(() => rng.sample([1], 2)).toThrow(RangeError);
    expect(() => rng.sample([1], -1)).toThrow(RangeError);
  });

  it('keeps instances independent', () => {
    const a = new PyRandom(42);
    const b = new PyRandom(42);
    words(a, 5);
    expect(words(b, 1)).toEqual(words(new PyRandom(42), 1));
  });
});
