import { isApiError } from '@tunix-rt/client';

/** Added to 401/403 answers: the server wants a (valid) bearer key, entered in the header. */
export const API_KEY_HINT = 'Set an API key (header → API key)';

/**
 * `<Action> failed: <server detail> (<status>)`; network failures and other non-API errors read
 * `<Action> failed: Unknown error` (UI.md §3.5 wording, with the detail added per D7).
 */
export function failureText(action: string, error: unknown): string {
  return `${action} failed: ${errorText(error)}`;
}

export function errorText(error: unknown): string {
  if (!isApiError(error)) return 'Unknown error';
  const text = `${error.message} (${error.status})`;
  return error.status === 401 || error.status === 403 ? `${text}. ${API_KEY_HINT}` : text;
}
