import type { ValidationIssue } from '@tunix-rt/core/errors';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

const LOC_ROOT: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

function makeAjv(coerceTypes: boolean | 'array') {
  // verbose: errors carry the offending value (the envelope's `input`).
  // removeAdditional: unknown properties are dropped where a schema closes its object (API.md §0.6).
  const ajv = new Ajv({ coerceTypes, useDefaults: true, removeAdditional: true, allErrors: false, verbose: true });
  addFormats(ajv, ['uuid']);
  // Only the canonical lowercase form is accepted (API.md §0.3 permits this tightening).
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  return ajv;
}

// Bodies are strict JSON (a number is not a string); query/path values arrive as text.
const bodyAjv = makeAjv(false);
const textAjv = makeAjv('array');

/**
 * A JSON integer field without bounds would accept 1e300 (a JS number with no fractional part),
 * which then overflows a BIGINT column or an OFFSET — a database error, i.e. a 500. Every
 * integer is therefore held to the range JavaScript represents exactly (a schema's own tighter
 * bounds win). Clones are memoised per schema node so a shared `$id` schema stays one object.
 */
const bounded = new WeakMap<object, unknown>();
function boundIntegers(node: unknown): unknown {
  if (node === null || typeof node !== 'object') return node;
  const cached = bounded.get(node);
  if (cached) return cached;
  if (Array.isArray(node)) {
    const copy: unknown[] = [];
    bounded.set(node, copy);
    for (const item of node) copy.push(boundIntegers(item));
    return copy;
  }
  const copy: Record<string, unknown> = {};
  bounded.set(node, copy);
  for (const [key, value] of Object.entries(node)) copy[key] = boundIntegers(value);
  if (copy.type === 'integer') {
    if (copy.maximum === undefined && copy.exclusiveMaximum === undefined) copy.maximum = Number.MAX_SAFE_INTEGER;
    if (copy.minimum === undefined && copy.exclusiveMinimum === undefined) copy.minimum = Number.MIN_SAFE_INTEGER;
  }
  return copy;
}

export function validatorCompiler({ schema, httpPart }: { schema: object; httpPart?: string }) {
  const validate = (httpPart === 'body' ? bodyAjv : textAjv).compile(boundIntegers(schema) as object);
  return (data: unknown) => {
    if (httpPart === 'body' && (data === undefined || data === null)) {
      // No body (or JSON null): FastAPI reports `missing` at ["body"] (API.md §3.6).
      const missing = [{ keyword: 'required', instancePath: '', params: { missingProperty: '' } }];
      return { error: Object.assign(new Error('validation'), { validation: missing, bodyMissing: true }) };
    }
    if (validate(data)) return { value: data };
    return { error: Object.assign(new Error('validation'), { validation: validate.errors }) };
  };
}

/** Converts Ajv errors into the pydantic-style envelope items of API.md §0.2. */
export function toIssues(errors: ErrorObject[], part: string): ValidationIssue[] {
  const root = LOC_ROOT[part] ?? part;
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const issues: ValidationIssue[] = [];
  const done = new Set<string>();
  for (const error of errors) {
    if (anyOfPaths.has(error.instancePath)) {
      // A union (nullable field or enum of literals): report the path once.
      if (done.has(error.instancePath)) continue;
      done.add(error.instancePath);
      const branches = errors.filter((e) => e.instancePath === error.instancePath && e.keyword !== 'anyOf');
      const literals = branches.filter((e) => e.keyword === 'const').map((e) => `'${e.params.allowedValue}'`);
      if (literals.length) {
        issues.push(issue(root, error, 'literal_error', `Input should be ${literals.join(' or ')}`));
        continue;
      }
      const first = branches.find((e) => !(e.keyword === 'type' && e.params.type === 'null')) ?? error;
      issues.push(mapOne(root, first));
      continue;
    }
    issues.push(mapOne(root, error));
  }
  return issues;
}

function locOf(root: string, error: ErrorObject): (string | number)[] {
  const parts = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (error.keyword === 'required' && error.params.missingProperty) parts.push(error.params.missingProperty as string);
  return [root, ...parts];
}

function issue(
  root: string,
  error: ErrorObject,
  type: string,
  msg: string,
  ctx?: Record<string, unknown>,
): ValidationIssue {
  const item: ValidationIssue = { type, loc: locOf(root, error), msg };
  if (error.keyword !== 'required') item.input = error.data;
  if (ctx) item.ctx = ctx;
  return item;
}

function mapOne(root: string, e: ErrorObject): ValidationIssue {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return issue(root, e, 'missing', 'Field required');
    case 'type': {
      const expected = String(p.type);
      const parsing = typeof e.data === 'string';
      const name: Record<string, [string, string]> = {
        integer: [parsing ? 'int_parsing' : 'int_type', 'Input should be a valid integer'],
        number: [parsing ? 'float_parsing' : 'float_type', 'Input should be a valid number'],
        string: ['string_type', 'Input should be a valid string'],
        boolean: [parsing ? 'bool_parsing' : 'bool_type', 'Input should be a valid boolean'],
        object: ['model_type', 'Input should be a valid dictionary or object'],
        array: ['list_type', 'Input should be a valid list'],
      };
      const [type, msg] = name[expected] ?? ['type_error', `Input should be of type ${expected}`];
      return issue(root, e, type, msg);
    }
    case 'minLength':
      return issue(
        root,
        e,
        'string_too_short',
        `String should have at least ${p.limit} character${p.limit === 1 ? '' : 's'}`,
        { min_length: p.limit },
      );
    case 'maxLength':
      return issue(root, e, 'string_too_long', `String should have at most ${p.limit} characters`, {
        max_length: p.limit,
      });
    case 'minimum':
      return issue(root, e, 'greater_than_equal', `Input should be greater than or equal to ${p.limit}`, {
        ge: p.limit,
      });
    case 'maximum':
      return issue(root, e, 'less_than_equal', `Input should be less than or equal to ${p.limit}`, { le: p.limit });
    case 'exclusiveMinimum':
      return issue(root, e, 'greater_than', `Input should be greater than ${p.limit}`, { gt: p.limit });
    case 'exclusiveMaximum':
      return issue(root, e, 'less_than', `Input should be less than ${p.limit}`, { lt: p.limit });
    case 'minItems':
      return issue(root, e, 'too_short', `List should have at least ${p.limit} item${p.limit === 1 ? '' : 's'}`, {
        min_length: p.limit,
      });
    case 'maxItems':
      return issue(root, e, 'too_long', `List should have at most ${p.limit} items`, { max_length: p.limit });
    case 'maxProperties':
      return issue(root, e, 'too_long', `Object should have at most ${p.limit} keys`, { max_length: p.limit });
    case 'format':
      if (p.format === 'uuid') return issue(root, e, 'uuid_parsing', 'Input should be a valid UUID');
      return issue(root, e, 'value_error', `Input should match format ${p.format}`);
    case 'pattern':
      return issue(root, e, 'string_pattern_mismatch', `String should match pattern '${p.pattern}'`, {
        pattern: p.pattern,
      });
    case 'const':
      return issue(root, e, 'literal_error', `Input should be '${p.allowedValue}'`);
    case 'enum':
      return issue(root, e, 'literal_error', `Input should be one of ${(p.allowedValues as unknown[]).join(', ')}`);
    default:
      return issue(root, e, 'value_error', e.message ?? 'Invalid value');
  }
}
