// One error type for the app's own failures, with a closed set of codes. Route handlers turn
// it into a response with toErrorResponse (lib/http/errors.ts); actions into an ActionState.
export const APP_ERROR_STATUS = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  /** The request itself is malformed (not JSON, a bad cursor): the API's 400 invalid_request. */
  invalid_request: 400,
  /** Well-formed, but refused by a domain rule (confirm with the exact name, ...). */
  invalid_input: 422,
  quota_exceeded: 403,
  rate_limited: 429,
  upstream_failed: 502,
  upstream_unavailable: 503,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    /** Safe to show to the user. */
    message: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.name = 'AppError';
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  /** With `rate_limited`: when a retry can succeed (the Retry-After header, the form's message). */
  readonly retryAfterSeconds: number | undefined;

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }
}
