import { isApiError } from '@tunix-rt/client';

/**
 * `<Action> failed: <server detail> (<status>)`; network failures and other non-API errors read
 * `<Action> failed: Unknown error` (UI.md §3.5 wording, with the detail added per D7).
 */
export function failureText(action: string, error: unknown): string {
  return `${action} failed: ${errorText(error)}`;
}

export function errorText(error: unknown): string {
  if (isApiError(error)) return `${error.message} (${error.status})`;
  return 'Unknown error';
}
