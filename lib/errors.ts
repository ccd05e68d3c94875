// One error type for the app's own failures, with a closed set of codes. Route handlers turn
// it into a response with toErrorResponse (lib/http/errors.ts); actions into an ActionState.
import { userMessageInEnglish } from '@/i18n/english';
import type { UserMessage } from '@/i18n/user-messages';

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
    /**
     * What went wrong, safe to show. A user message (a key of the catalogue's `errors`, see
     * i18n/user-messages.ts) when a person may read it in a form: forms show it in their
     * language, and `message` is its English. A plain string only for what developers alone
     * see (the REST API's own request errors), which stays English.
     */
    message: string | UserMessage,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(typeof message === 'string' ? message : userMessageInEnglish(message), options);
    this.name = 'AppError';
    this.userMessage = typeof message === 'string' ? undefined : message;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  /** The message as a catalogue key, for the form layer to say in the user's language. */
  readonly userMessage: UserMessage | undefined;

  /** With `rate_limited`: when a retry can succeed (the Retry-After header, the form's message). */
  readonly retryAfterSeconds: number | undefined;

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }
}
