/**
 * Accepts `postgres://`, `postgresql://` and the reference's SQLAlchemy form
 * `postgresql+asyncpg://` (CONFIG.md §1): the driver suffix is dropped.
 */
export function normalizeDatabaseUrl(raw: string): string {
  const match = /^(postgres|postgresql)(\+[a-z0-9_]+)?:\/\//i.exec(raw);
  if (!match) {
    throw new Error('DATABASE_URL must start with postgres://, postgresql:// or postgresql+asyncpg://');
  }
  return `postgresql://${raw.slice(match[0].length)}`;
}

/** The URL with its password replaced, for logs and error messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
