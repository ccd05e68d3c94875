import 'server-only';

import { LogtoClientError, LogtoRequestError } from '@logto/node';
import { headers } from 'next/headers';
import type { NextRequest } from 'next/server';

import { REQUEST_PATH_HEADER } from '@/lib/auth/return-path';
import { missingScopes, type OrganizationScope } from '@/lib/auth/scopes';
import { getUserOrganizationToken, requireUser, type SessionUser } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { extractBearerToken } from '@/lib/http/bearer';
import { toErrorResponse } from '@/lib/http/errors';
import { bearerErrorResponse } from '@/lib/http/rfc6750';
import { appRateLimits, rateLimiter } from '@/lib/rate-limit/app-rate-limits';
import { rateLimitedError, rateLimitHeaders } from '@/lib/rate-limit/decisions';
import {
  OrganizationTokenError,
  organizationTokenVerifierFor,
  type VerifiedOrganizationToken,
} from '@/lib/logto/organization-token';

/** The verifier for this app's Logto: one per process, with one cached key set. */
export function verifyOrganizationToken(token: string, organizationId: string, scopes: readonly OrganizationScope[]) {
  return organizationTokenVerifierFor(getEnv().logto.endpoint)(token, organizationId, scopes);
}

type RouteContext<Params> = { params: Promise<Params> };

/**
 * Wraps an organization-scoped route handler: the request must carry `Authorization: Bearer`
 * with a Logto organization token for the organization in the route and the declared scopes,
 * else it is answered per RFC 6750 before the handler runs. Then the caller's rate limit (per
 * token subject and organization): 429 with Retry-After when spent, RateLimit headers always.
 * Thrown errors become JSON errors.
 */
export function withOrganization<Params extends { orgId: string }>(
  handler: (input: { request: NextRequest; params: Params; token: VerifiedOrganizationToken }) => Promise<Response>,
  { scopes }: { scopes: readonly OrganizationScope[] },
) {
  return async (request: NextRequest, context: RouteContext<Params>): Promise<Response> => {
    const params = await context.params;
    const bearer = await extractBearerToken(request);
    if (!bearer.ok) return bearerErrorResponse(bearer.challenge);
    let token: VerifiedOrganizationToken;
    try {
      token = await verifyOrganizationToken(bearer.token, params.orgId, scopes);
    } catch (error) {
      if (error instanceof OrganizationTokenError) return bearerErrorResponse(error.toBearerChallenge());
      return toErrorResponse(error);
    }
    let response: Response;
    try {
      const decision = await rateLimiter.consume({ policy: appRateLimits().api, key: `${token.organizationId}:${token.userId}` });
      if (!decision.allowed) response = toErrorResponse(rateLimitedError(decision));
      else response = await handler({ request, params, token });
      for (const [name, value] of Object.entries(rateLimitHeaders(decision))) response.headers.set(name, value);
    } catch (error) {
      response = toErrorResponse(error);
    }
    return response;
  };
}

export type OrganizationAccess = {
  user: SessionUser;
  organizationId: string;
  scopes: ReadonlySet<string>;
  can: (scope: OrganizationScope) => boolean;
};

/**
 * For the app's own pages and server actions: the signed-in user's organization token for
 * `organizationId`, fetched server-side and verified like any bearer token. Throws
 * AppError('forbidden') for non-members and for missing scopes.
 */
export async function requireOrganizationAccess(
  organizationId: string,
  scopes: readonly OrganizationScope[],
  { from = 'action', returnTo }: { from?: 'action' | 'page'; returnTo?: string } = {},
): Promise<OrganizationAccess> {
  // An action posts to the page it was on (proxy.ts records that path): after a sign-in
  // redirect, the user comes back to that page rather than the organization's home.
  const user = await requireUser(returnTo ?? (await headers()).get(REQUEST_PATH_HEADER) ?? `/o/${organizationId}`);
  let token: string;
  try {
    token = await getUserOrganizationToken(organizationId, from);
  } catch (error) {
    // Logto refuses organization tokens to non-members (403 oidc.access_denied), also for
    // organizations that do not exist; both read as "no access" so ids can't be probed.
    if (error instanceof LogtoRequestError || error instanceof LogtoClientError) {
      console.warn('[auth] organization token refused:', error.code);
      throw new AppError('forbidden', "You don't have access to this organization");
    }
    throw error;
  }
  let verified: VerifiedOrganizationToken;
  try {
    verified = await verifyOrganizationToken(token, organizationId, []);
  } catch (error) {
    if (error instanceof OrganizationTokenError) {
      console.warn('[auth] own organization token refused:', error.reason);
      throw new AppError('forbidden', "You don't have access to this organization");
    }
    throw error;
  }
  if (verified.userId !== user.id) throw new AppError('forbidden', "You don't have access to this organization");
  const missing = missingScopes(verified.scopes, scopes);
  if (missing.length > 0) throw new AppError('forbidden', "Your role in this organization doesn't allow this.");
  return {
    user,
    organizationId,
    scopes: verified.scopes,
    can: (scope) => verified.scopes.has(scope),
  };
}
