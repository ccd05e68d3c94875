// What a rate-limit decision looks like to clients: RFC 6585 429 + Retry-After, the IETF
// RateLimit / RateLimit-Policy fields (draft-ietf-httpapi-ratelimit-headers), and a sentence
// a person can act on.
import { userMessage } from '@/i18n/user-messages';
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

/** 45 seconds, 12 minutes, 3 hours: rounded up, so a retry at that time succeeds. */
export function waitOf(seconds: number): { unit: 'second' | 'minute' | 'hour'; amount: number } {
  if (seconds < 60) return { unit: 'second', amount: seconds };
  if (seconds < 3600) return { unit: 'minute', amount: Math.ceil(seconds / 60) };
  return { unit: 'hour', amount: Math.ceil(seconds / 3600) };
}

/** The refusal as an AppError (429): forms show its message next to the submit button. */
export function rateLimitedError(decision: RateLimitDecision): AppError {
  const { policy } = decision;
  if (!Number.isFinite(decision.resetSeconds)) {
    return new AppError('rate_limited', userMessage('rateLimitedBatch', { what: policy.what, limit: String(policy.limit) }));
  }
  return new AppError('rate_limited', userMessage('rateLimited', { what: policy.what, ...waitOf(decision.resetSeconds) }), {
    retryAfterSeconds: decision.resetSeconds,
  });
}
