import { isApiError } from '@tunix-rt/client';
import type { RunStatus } from '@tunix-rt/contract';

/** Leaves the action with this exit code after the message (if any) was printed. */
export class ExitError extends Error {
  constructor(
    readonly exitCode: number,
    message = '',
  ) {
    super(message);
  }
}

/** A bad invocation that commander cannot detect itself (exit code 2). */
export class UsageError extends ExitError {
  constructor(message: string) {
    super(2, message);
  }
}

/** `runs submit --follow` and `runs logs --follow` mirror the run's outcome. */
export function exitCodeForStatus(status: RunStatus | string): number {
  switch (status) {
    case 'completed':
      return 0;
    case 'timeout':
      return 124;
    case 'cancelled':
      return 130;
    default:
      return 1;
  }
}

/** One line for any failure: the server's detail, or why the server could not be reached. */
export function describeError(error: unknown, url?: string): string {
  if (isApiError(error)) {
    const items = error.validationErrors;
    if (items.length === 0) return `${error.message} (HTTP ${error.status})`;
    const parts = items.map((item) => {
      const where = item.loc.filter((part, i) => !(i === 0 && ['body', 'query', 'path'].includes(String(part))));
      return where.length ? `${where.join('.')}: ${item.msg}` : item.msg;
    });
    return `${parts.join('; ')} (HTTP ${error.status})`;
  }
  const e = error as { message?: string; cause?: { code?: string; message?: string } };
  if (e?.message === 'fetch failed') {
    const why = e.cause?.code ?? e.cause?.message ?? 'network error';
    return `cannot reach the API at ${url ?? 'the server'} (${why}); is it running? Set --url or TUNIX_URL`;
  }
  return e?.message ?? String(error);
}

/**
 * Wraps a command action: errors print one line on stderr and set the exit code
 * (2 for usage errors, 1 otherwise); an action may return an exit code.
 */
export function action<A extends unknown[]>(run: (...args: A) => Promise<number | undefined>) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await run(...args);
      if (code) process.exitCode = code;
    } catch (error) {
      const url = (args.at(-1) as { opts?: () => { url?: string } } | undefined)?.opts?.().url;
      if (error instanceof ExitError) {
        if (error.message) process.stderr.write(`tunix-rt: ${error.message}\n`);
        process.exitCode = error.exitCode;
        return;
      }
      process.stderr.write(`tunix-rt: ${describeError(error, url)}\n`);
      process.exitCode = 1;
    }
  };
}
