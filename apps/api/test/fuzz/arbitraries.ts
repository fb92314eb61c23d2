import fc from 'fast-check';

/**
 * Hostile request material for the fuzz suite. Everything here is data: the endpoint table in
 * endpoints.ts decides where it goes. Sizes are bounded so a full run stays in minutes.
 */

/** Strings PostgreSQL, the file system or a parser have been known to choke on. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ud83d',
  '😀',
  '\u202e\u2066',
  '\ufeff',
  '\uffff',
  '\r\n\t\v\f\b',
  '../../../../etc/passwd',
  '..',
  '.',
  '...',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2f',
  '/etc/passwd',
  'C:\\boot.ini',
  'a/b',
  'a\\b',
  '~root',
  '$(reboot)',
  '`id`',
  "'; DROP TABLE traces; --",
  '" OR 1=1 --',
  '{{7*7}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal template-injection probe, never evaluated
  '${process.exit()}',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'NaN',
  '-0',
  '1e999',
  'true',
  '\\u0000',
  'ſ',
  'ǅ',
  'İ',
  '🏳️‍🌈',
] as const;

export const nastyString = fc.constantFrom(...NASTY_STRINGS);

/** A string of `n` copies of one unit, with n at or just past typical limits. */
export const hugeString = fc
  .tuple(
    fc.constantFrom('x', '😀', 'é', '\u0301', ' ', '\ud800', '\u0000'),
    fc.constantFrom(63, 64, 65, 127, 128, 129, 256, 257, 512, 513, 20_000, 20_001, 50_000, 50_001, 200_000),
  )
  .map(([unit, n]) => unit.repeat(n));

export const anyString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 4, arbitrary: nastyString },
  { weight: 1, arbitrary: hugeString },
);

/** Numbers at and around every boundary the contract uses, and some no JSON integer can be. */
export const oddNumber = fc.oneof(
  fc.constantFrom(
    -1,
    0,
    -0,
    0.5,
    1,
    1.5,
    99,
    100,
    101,
    127,
    128,
    512,
    513,
    1000,
    1001,
    10_000,
    10_001,
    32_768,
    32_769,
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 53,
    2 ** 53 + 2,
    -(2 ** 53),
    2 ** 63,
    1e21,
    1e300,
    -1e300,
    5e-324,
    Number.MAX_VALUE,
    Number.MIN_SAFE_INTEGER,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Text a JSON number literal could be: what a query string or a sloppy client sends. */
export const oddNumberText = fc.oneof(
  oddNumber.map((n) => String(n)),
  fc.constantFrom('', ' ', '1e2', '0x10', '010', '+5', '--1', '1,2', 'Infinity', '-Infinity', 'NaN', '½', '١٢'),
  fc.constantFrom('9223372036854775807', '9223372036854775808', '-9223372036854775809', '1'.repeat(400)),
);

export const uuidLike = fc.oneof(
  fc.uuid({ version: 4 }),
  fc.uuid().map((u) => u.toUpperCase()),
  fc.uuid().map((u) => `{${u}}`),
  fc.uuid().map((u) => `urn:uuid:${u}`),
  fc.uuid().map((u) => u.replace(/-/g, '')),
  fc.uuid().map((u) => `${u} `),
  fc.uuid().map((u) => u.slice(0, 35)),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'batch', 'compare'),
  anyString,
);

/** Object keys that have broken JS or SQL code before. */
export const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', '$where', '->', "'"),
  nastyString,
  fc.string({ maxLength: 10 }),
);

const scalar = fc.oneof(anyString, oddNumber, fc.boolean(), fc.constant(null));

/** Arbitrary JSON with hostile leaves and keys (depth bounded; see deepJsonText for depth). */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/**
 * Deeply nested JSON written as text (JSON.stringify itself would overflow on the deepest
 * ones), optionally wrapped in a valid-looking envelope so it reaches a field's validator.
 */
export const deepJsonText = fc
  .tuple(fc.constantFrom(65, 100, 1000, 10_000, 100_000), fc.constantFrom('[', '{"a":'), fc.boolean())
  .map(([depth, open, wrap]) => {
    const close = open === '[' ? ']' : '}';
    const inner = `${open.repeat(depth)}1${close.repeat(depth)}`;
    return wrap ? `{"meta":${open === '[' ? `{"x":${inner}}` : inner},"filters":{"k":${inner}}}` : inner;
  });

/** Bodies that are not JSON at all, or almost JSON. */
export const brokenJsonText = fc.oneof(
  fc.constantFrom(
    '{',
    '}',
    '[',
    '{"a":}',
    '{"a":1,}',
    "{'a':1}",
    'NaN',
    'undefined',
    '{"a":1}{"b":2}',
    '\u0000',
    '\ufeff{}',
    '{"a":"\\ud800"}',
    '{"a":"\\u0000"}',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    'null',
    'true',
    '0',
    '""',
    '[]',
    '{}',
    ' ',
    '\t\n',
  ),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.json().map((j) => j.slice(0, Math.max(1, j.length - 1))),
);

export const contentType = fc.constantFrom(
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/JSON',
  'application/vnd.api+json',
  'application/merge-patch+json',
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/xml',
  'application/octet-stream',
  'application/jsonx',
  '',
  ';;;',
  'application/json; boundary=\u0000',
);

/** Mutates one field of a valid body: drop it, retype it, make it hostile, or add junk beside it. */
export function mutateObject(valid: Record<string, unknown>, extraFields: readonly string[] = []) {
  const fields = [...Object.keys(valid), ...extraFields];
  const field = fc.constantFrom(...fields);
  const withKey = (key: string, value: unknown) => {
    const copy: Record<string, unknown> = { ...valid };
    // defineProperty so "__proto__" becomes a real own key, as JSON.parse makes it.
    Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
    return copy;
  };
  return fc.oneof(
    { weight: 5, arbitrary: fc.tuple(field, fc.oneof(scalar, hostileJson)).map(([f, v]) => withKey(f, v)) },
    {
      weight: 1,
      arbitrary: field.map((f) => {
        const copy = { ...valid };
        delete copy[f];
        return copy;
      }),
    },
    { weight: 2, arbitrary: fc.tuple(hostileKey, hostileJson).map(([k, v]) => withKey(k, v)) },
    {
      weight: 2,
      arbitrary: fc.tuple(field, field, oddNumber, anyString).map(([a, b, n, s]) => ({ ...valid, [a]: n, [b]: s })),
    },
  );
}

/** A valid trace, with hostile content where the contract allows anything. */
export const validTrace = fc.record({
  trace_version: fc.string({ minLength: 1, maxLength: 8 }).filter(storable),
  prompt: fc.string({ minLength: 1, maxLength: 30 }).filter(storable),
  final_answer: fc.string({ minLength: 1, maxLength: 30 }).filter(storable),
  steps: fc.uniqueArray(
    fc.record({
      i: fc.nat(10_000),
      type: fc.string({ minLength: 1, maxLength: 10 }).filter(storable),
      content: fc.string({ minLength: 1, maxLength: 40 }).filter(storable),
    }),
    { minLength: 1, maxLength: 5, selector: (s) => s.i },
  ),
  meta: fc.option(fc.dictionary(fc.string({ maxLength: 8 }).filter(storable), fc.jsonValue({ maxDepth: 2 })), {
    nil: null,
  }),
});

/** What PostgreSQL can store as text/jsonb (no NUL, no lone surrogate). */
export function storable(s: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is looked for.
  return !/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

/** A trace with exactly one thing wrong (or hostile but valid). */
export const mutatedTrace = validTrace.chain((t) =>
  fc.oneof(
    mutateObject(t as Record<string, unknown>),
    fc
      .tuple(fc.nat(t.steps.length - 1), fc.constantFrom('i', 'type', 'content'), fc.oneof(scalar, hostileJson))
      .map(([idx, field, value]) => ({
        ...t,
        steps: t.steps.map((s, k) => (k === idx ? { ...s, [field]: value } : s)),
      })),
    fc.constant({ ...t, steps: [...t.steps, { ...t.steps[0]! }] }),
    fc.constant({ ...t, steps: [] }),
  ),
);
