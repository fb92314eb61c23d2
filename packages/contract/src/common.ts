import { type TSchema, Type } from '@sinclair/typebox';

/** Canonical lowercase hyphenated UUID (API.md §0.3 allows this tightening). */
export const Uuid = Type.String({ format: 'uuid', description: 'UUID, canonical lowercase form' });

/** ISO-8601 UTC timestamp with millisecond precision and `Z` (D1). */
export const Timestamp = Type.String({ description: 'ISO-8601 UTC timestamp' });

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** `{"detail": "..."}` — every application error (API.md §0.2). */
export const ErrorDetail = Type.Object({ detail: Type.String() });

/** Pydantic-style validation error item used by the 422 array envelope. */
export const ValidationErrorItem = Type.Object({
  type: Type.String(),
  loc: Type.Array(Type.Union([Type.String(), Type.Integer()])),
  msg: Type.String(),
  input: Type.Optional(Type.Unknown()),
  ctx: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export const ValidationError = Type.Object({ detail: Type.Array(ValidationErrorItem) });

/** A 422 is the schema's array envelope or an application string detail (API.md §0.2). */
export const Unprocessable = Type.Union([ValidationError, ErrorDetail]);

/** Shared by every paginated list (API.md §0.7). Bounds are checked in code for the string detail. */
export const PageQuery = Type.Object({
  limit: Type.Integer({ default: 20 }),
  offset: Type.Integer({ default: 0 }),
});
export const Pagination = Type.Object({
  limit: Type.Integer(),
  offset: Type.Integer(),
  next_offset: Nullable(Type.Integer()),
});

export const PAGE_LIMIT_MAX = 100;
