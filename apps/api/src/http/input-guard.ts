import type { ValidationIssue } from '@tunix-rt/core/errors';
import { RequestValidationError } from '@tunix-rt/core/errors';
import type { FastifyInstance } from 'fastify';

/**
 * Request bodies nested deeper than this are refused. JSON.parse copes with any depth, but
 * everything after it (schema validation, JSON.stringify, PostgreSQL's jsonb parser) recurses
 * and would die with a stack overflow — a 500 — long before the 1 MB body limit.
 */
export const MAX_JSON_DEPTH = 64;

// PostgreSQL text and jsonb cannot hold U+0000, and jsonb refuses unpaired UTF-16 surrogates
// (JSON.stringify writes them as "\ud800" escapes, which jsonb rejects).
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is looked for.
const SUSPECT = /[\u0000\ud800-\udfff]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is looked for.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function textIssue(loc: (string | number)[], text: string): ValidationIssue | undefined {
  if (!SUSPECT.test(text) || !UNSTORABLE.test(text)) return undefined;
  const nul = text.includes('\u0000');
  return {
    type: nul ? 'string_nul' : 'string_unicode',
    loc,
    msg: nul
      ? 'Value error, text must not contain the NUL character (\\u0000)'
      : 'Input should be a valid string, unable to parse raw data as a unicode string',
    input: text.length > 200 ? `${text.slice(0, 200)}…` : text,
  };
}

/**
 * The first value in a parsed JSON document that the database could not store, or that is
 * nested too deeply to process. Iterative on purpose: hostile depth must not overflow here.
 */
export function findUnstorable(value: unknown, root: string, maxDepth = MAX_JSON_DEPTH): ValidationIssue | undefined {
  const stack: { value: unknown; loc: (string | number)[] }[] = [{ value, loc: [root] }];
  while (stack.length > 0) {
    const { value: current, loc } = stack.pop()!;
    if (typeof current === 'string') {
      const found = textIssue(loc, current);
      if (found) return found;
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (loc.length > maxDepth) {
      return {
        type: 'value_error',
        loc: loc.slice(0, 8),
        msg: `Value error, JSON nested deeper than ${maxDepth} levels`,
        ctx: { max_depth: maxDepth },
      };
    }
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], loc: [...loc, i] });
      continue;
    }
    for (const [key, child] of Object.entries(current)) {
      const found = textIssue([...loc, key], key);
      if (found) return { ...found, msg: `${found.msg} (in an object key)` };
      stack.push({ value: child, loc: [...loc, key] });
    }
  }
  return undefined;
}

/** Throws the 422 array envelope when a parsed body holds something unstorable. */
export function guardBody(body: unknown): unknown {
  const found = findUnstorable(body, 'body');
  if (found) throw new RequestValidationError([found]);
  return body;
}

/**
 * Query strings and path segments decode `%00` to U+0000 as well; refuse it before any
 * handler passes it to SQL (a filter like `?status=%00` would otherwise be a database error).
 */
export function registerQueryGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [part, values] of [
      ['query', request.query],
      ['path', request.params],
    ] as const) {
      if (!values || typeof values !== 'object') continue;
      for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
        for (const text of Array.isArray(value) ? value : [value]) {
          if (typeof text !== 'string') continue;
          const found = textIssue([part, name], text);
          if (found) throw new RequestValidationError([found]);
        }
      }
    }
  });
}
