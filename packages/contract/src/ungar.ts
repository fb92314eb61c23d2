import { type Static, Type } from '@sinclair/typebox';
import { Nullable, Uuid } from './common';

export const UngarStatus = Type.Object({ available: Type.Boolean(), version: Nullable(Type.String()) });
export type UngarStatus = Static<typeof UngarStatus>;

export const UngarGenerateRequest = Type.Object(
  {
    count: Type.Integer({ minimum: 1, maximum: 100 }),
    seed: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 2 ** 53 - 1 - 100 }))),
    persist: Type.Boolean({ default: true }),
  },
  { additionalProperties: false },
);
export type UngarGenerateRequest = Static<typeof UngarGenerateRequest>;

export const UngarPreview = Type.Object({
  trace_id: Uuid,
  game: Nullable(Type.String()),
  result: Nullable(Type.String()),
  my_card: Nullable(Type.String()),
});
export const UngarGenerateResponse = Type.Object({ trace_ids: Type.Array(Uuid), preview: Type.Array(UngarPreview) });
export type UngarGenerateResponse = Static<typeof UngarGenerateResponse>;

export const UNGAR_EXPORT_MAX = 10_000;
export const UngarExportQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: UNGAR_EXPORT_MAX, default: 100 }),
  trace_ids: Type.Optional(Type.String({ maxLength: 37 * UNGAR_EXPORT_MAX })),
});
