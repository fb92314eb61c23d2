import type { ValidationErrorItem } from './types';

export type ErrorDetailValue = string | ValidationErrorItem[];

/** Turns a `detail` (string, or the 422 array envelope) into one readable line. */
export function detailToMessage(detail: ErrorDetailValue): string {
  if (typeof detail === 'string') return detail;
  const msgs = detail.map((item) => item.msg).filter((msg) => msg !== '');
  return msgs.length > 0 ? msgs.join('; ') : 'Validation error';
}

/**
 * A non-2xx answer from the API. `message` is built from the server's `detail`, never just
 * the status line (the reference UI's defect, UI.md §2).
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly statusText: string;
  readonly detail: ErrorDetailValue;

  constructor(status: number, detail: ErrorDetailValue, statusText = '') {
    super(detailToMessage(detail));
    this.status = status;
    this.statusText = statusText;
    this.detail = detail;
  }

  /** The 422 array items, or an empty list when the detail is a plain string. */
  get validationErrors(): ValidationErrorItem[] {
    return typeof this.detail === 'string' ? [] : this.detail;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

function isValidationItem(value: unknown): value is ValidationErrorItem {
  return typeof value === 'object' && value !== null && typeof (value as { msg?: unknown }).msg === 'string';
}

/** Reads an error response body: `{detail}` JSON when present, else the text, else the status line. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let text = '';
  try {
    text = await response.text();
  } catch {
    // A body that cannot be read still leaves the status line.
  }
  let detail: ErrorDetailValue = text.trim() || response.statusText || `HTTP ${response.status}`;
  if (text) {
    try {
      const body = JSON.parse(text) as { detail?: unknown };
      if (typeof body?.detail === 'string') detail = body.detail;
      else if (Array.isArray(body?.detail)) detail = body.detail.filter(isValidationItem);
    } catch {
      // Not JSON (e.g. a proxy's HTML or plain `Internal Server Error`): keep the text.
    }
  }
  return new ApiError(response.status, detail, response.statusText);
}
