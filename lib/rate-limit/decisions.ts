// What a rate-limit decision looks like to clients: RFC 6585 429 + Retry-After, the IETF
// RateLimit / RateLimit-Policy fields (draft-ietf-httpapi-ratelimit-headers), and a sentence
// a person can act on.
import { AppError } from '@/lib/errors';

import type { RateLimitDecision } from './limiter';

/** `RateLimit-Policy` and `RateLimit` for a response the limit let through or refused. */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const { policy } = decision;
  if (policy.limit === 0) return {};
  const reset = Number.isFinite(decision.resetSeconds) ? decision.resetSeconds : policy.windowSeconds;
  return {
    'RateLimit-Policy': `"${policy.name}";q=${policy.limit};w=${policy.windowSeconds}`,
    RateLimit: `"${policy.name}";r=${decision.remaining};t=${reset}`,
  };
}

/** "45 seconds", "12 minutes", "3 hours": rounded up, so a retry at that time succeeds. */
export function formatWait(seconds: number): string {
  const unit = (value: number, name: string) => `${value} ${name}${value === 1 ? '' : 's'}`;
  if (seconds < 60) return unit(seconds, 'second');
  if (seconds < 3600) return unit(Math.ceil(seconds / 60), 'minute');
  return unit(Math.ceil(seconds / 3600), 'hour');
}

/** The refusal as an AppError (429): forms show its message next to the submit button. */
export function rateLimitedError(decision: RateLimitDecision): AppError {
  const { policy } = decision;
  if (!Number.isFinite(decision.resetSeconds)) {
    return new AppError('rate_limited', `That is more ${policy.what} than allowed at once (at most ${policy.limit}). Send fewer at a time.`);
  }
  return new AppError('rate_limited', `Too many ${policy.what} for now. Try again in ${formatWait(decision.resetSeconds)}.`, {
    retryAfterSeconds: decision.resetSeconds,
  });
}
