import { type Command, InvalidArgumentError, Option } from 'commander';

export const DEFAULT_URL = 'http://127.0.0.1:8000';

export interface ApiOptions {
  url: string;
  apiKey?: string;
}

function parseUrl(value: string): string {
  try {
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.host) return value;
  } catch {
    // fall through to the usage error
  }
  throw new InvalidArgumentError('expected an absolute http(s) URL, e.g. http://127.0.0.1:8000');
}

/**
 * Adds `--url` and `--api-key` to a command that talks to the API. Commander reads the
 * TUNIX_URL / TUNIX_API_KEY fallbacks itself, so no other code touches process.env.
 */
export function withApiOptions(command: Command): Command {
  return command
    .addOption(new Option('--url <url>', 'API base URL').env('TUNIX_URL').default(DEFAULT_URL).argParser(parseUrl))
    .addOption(new Option('--api-key <key>', 'API key, when the server requires one').env('TUNIX_API_KEY'));
}

export function intArg(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(
        max === Number.MAX_SAFE_INTEGER ? `expected an integer ≥ ${min}` : `expected an integer from ${min} to ${max}`,
      );
    }
    return n;
  };
}

export function numberArg(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number');
  return n;
}

/** `--filter key=value`, repeatable; the value is JSON when it parses (`n=3`, `ok=true`), else a string. */
export function filterArg(value: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError('expected key=value');
  const key = value.slice(0, at);
  const raw = value.slice(at + 1);
  let parsed: unknown = raw;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // not JSON: keep the text
  }
  return { ...previous, [key]: parsed };
}
