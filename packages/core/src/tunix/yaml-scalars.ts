import { parse, Scalar, type ScalarTag, type Tags } from 'yaml';
import { yamlFloat } from './pyfloat';

// Scalar rendering for the training manifest (FORMATS.md §7.2). The trainer is Python and
// reads the file with a YAML 1.1 loader (PyYAML); these nodes make every value read back as
// exactly what was written, under YAML 1.1 and 1.2, whatever the request put in the strings.

const PY_FLOAT_FORMAT = 'PYFLOAT';

/**
 * Renders a float the way PyYAML does (`2.0e-05`, `1.0`), which the `yaml` library's own
 * number output (`2e-5`, `1`) does not; selected only by the node's format, never by parsing.
 */
const pyFloatTag: ScalarTag = {
  tag: 'tag:yaml.org,2002:float',
  format: PY_FLOAT_FORMAT,
  default: true,
  identify: (value) => typeof value === 'number',
  test: /^(?!)/,
  resolve: (text) => Number.parseFloat(text),
  stringify: ({ value }) => yamlFloat(Number(value)),
};

/**
 * Characters a YAML 1.1 reader treats as line breaks (LF, CR, NEL, LS, PS), chokes on in plain
 * scalars (TAB) or rejects outright (other controls, BOM, non-characters, lone surrogates).
 * The library writes several of them raw, so strings holding one are written double-quoted
 * with every such character escaped: one line, unambiguous for 1.1 and 1.2 readers alike.
 */
function isUnsafe(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0xfeff ||
    code === 0xfffe ||
    code === 0xffff ||
    // Iterating by code point yields a surrogate only when it is unpaired.
    (code >= 0xd800 && code <= 0xdfff)
  );
}

const needsEscaping = (value: string): boolean => {
  for (const ch of value) if (isUnsafe(ch.codePointAt(0)!)) return true;
  return false;
};

const ESCAPED_FORMAT = 'ESCAPED';

const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapedDoubleQuoted(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (SHORT_ESCAPES[ch]) out += SHORT_ESCAPES[ch];
    else if (isUnsafe(code)) {
      out += code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** No `test`, so plain strings keep the library's own string tag; selected by format only. */
const escapedStringTag: ScalarTag = {
  tag: 'tag:yaml.org,2002:str',
  format: ESCAPED_FORMAT,
  default: true,
  identify: (value) => typeof value === 'string',
  resolve: (text) => text,
  stringify: ({ value }) => escapedDoubleQuoted(String(value)),
};

export function floatNode(value: number): Scalar<number> {
  const node = new Scalar(value);
  node.format = PY_FLOAT_FORMAT;
  return node;
}

/**
 * PyYAML resolves a bare `<<` (merge) or `=` (value) to tags its safe loader cannot construct;
 * the `yaml` library, knowing neither, leaves them plain.
 */
const PYYAML_ONLY_SPECIALS = new Set(['<<', '=']);

/** The merge tag would claim the string `<<` and print it bare; the manifest has no merges. */
export const manifestTags = (tags: Tags): Tags => [
  ...tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:merge'),
  pyFloatTag,
  escapedStringTag,
];

/**
 * Whether a plain scalar would not read back as this exact string in YAML 1.1 *or* 1.2: the
 * library quotes by the 1.1 rules it emits, but a 1.2 reader would still take `0o17` as 15.
 * Only called for strings without control characters (those are escaped instead).
 */
function ambiguous(value: string): boolean {
  if (PYYAML_ONLY_SPECIALS.has(value)) return true;
  return (['1.1', '1.2'] as const).some((version) => {
    try {
      return parse(value, { version, logLevel: 'silent' }) !== value;
    } catch {
      return true;
    }
  });
}

export function stringNode(value: string): Scalar<string> {
  const node = new Scalar(value);
  if (needsEscaping(value)) node.format = ESCAPED_FORMAT;
  else if (ambiguous(value)) node.type = Scalar.QUOTE_SINGLE;
  return node;
}
