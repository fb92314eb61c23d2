import { describe, expect, it } from 'vitest';
import { normalizeDatabaseUrl, redactUrl } from '../src/url';

describe('normalizeDatabaseUrl', () => {
  it.each([
    ['postgres://u:p@h:5432/db', 'postgresql://u:p@h:5432/db'],
    ['postgresql://u@h/db', 'postgresql://u@h/db'],
    [
      'postgresql+asyncpg://postgres:postgres@localhost:5432/postgres',
      'postgresql://postgres:postgres@localhost:5432/postgres',
    ],
  ])('accepts %s', (input, expected) => {
    expect(normalizeDatabaseUrl(input)).toBe(expected);
  });

  it('rejects other schemes', () => {
    expect(() => normalizeDatabaseUrl('sqlite:///x.db')).toThrow(/DATABASE_URL/);
  });

  it('redacts passwords', () => {
    expect(redactUrl('postgresql://u:secret@h/db')).toBe('postgresql://u:***@h/db');
  });
});
