import 'server-only';

import { getDb } from '@/lib/db/client';
import { getEnv } from '@/lib/env';

import { rateLimitedError } from './decisions';
import { createRateLimiter, type RateLimitRequest } from './limiter';
import { rateLimitPolicies, type RateLimitPolicies } from './policies';

/** The app's limiter: counters in the app database, shared by every instance. */
export const rateLimiter = createRateLimiter({ getDb });

let policies: RateLimitPolicies | undefined;

/** The configured limits (RATE_LIMIT_* in lib/env.ts). */
export function appRateLimits(): RateLimitPolicies {
  policies ??= rateLimitPolicies(getEnv().rateLimits);
  return policies;
}

/** Spends from every given limit, or throws AppError('rate_limited') and spends nothing. */
export async function requireWithinRateLimits(requests: RateLimitRequest[]): Promise<void> {
  const decisions = await rateLimiter.consumeAll(requests);
  const refused = decisions.find((decision) => !decision.allowed);
  if (refused) throw rateLimitedError(refused);
}
