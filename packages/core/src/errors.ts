/** The one error family services throw; the HTTP layer maps it to `{detail}` (STYLE.md §9). */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export const notFound = (detail: string) => new AppError(404, detail);
export const conflict = (detail: string) => new AppError(409, detail);
export const badRequest = (detail: string) => new AppError(400, detail);
export const unprocessable = (detail: string) => new AppError(422, detail);

/** A pydantic-style validation error item (API.md §0.2). */
export interface ValidationIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

/** A 422 with the array envelope, for rules JSON Schema cannot express (e.g. unique step indices). */
export class RequestValidationError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map((i) => i.msg).join('; '));
  }
}
