import { type Static, Type } from '@sinclair/typebox';

export const Health = Type.Object({
  status: Type.String(),
  database: Type.Optional(Type.String({ description: 'up | down (extension)' })),
});
export type Health = Static<typeof Health>;

export const RediHealth = Type.Object({
  status: Type.Union([Type.Literal('healthy'), Type.Literal('down')]),
  error: Type.Optional(Type.String()),
});
export type RediHealth = Static<typeof RediHealth>;
