import 'server-only';

import { LogtoClientError, LogtoRequestError } from '@logto/node';
import type { NextRequest } from 'next/server';

import { missingScopes, type OrganizationScope } from '@/lib/auth/scopes';
import { getUserOrganizationToken, requireUser, type SessionUser } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { extractBearerToken } from '@/lib/http/bearer';
import { toErrorResponse } from '@/lib/http/errors';
import { bearerErrorResponse } from '@/lib/http/rfc6750';
import { AccessTokenError, accessTokenVerifierFor, type VerifiedOrganizationToken } from '@/lib/logto/access-token';

/** The verifier for this app's Logto: one per process, with one cached key set. */
export function verifyOrganizationToken(token: string, organizationId: string, scopes: readonly OrganizationScope[]) {
  return accessTokenVerifierFor(getEnv().logto.endpoint).verifyOrganizationToken(token, organizationId, scopes);
}

type RouteContext<Params> = { params: Promise<Params> };

/**
 * Wraps an organization-scoped route handler: the request must carry `Authorization: Bearer`
 * with a Logto organization token for the organization in the route and the declared scopes,
 * else it is answered per RFC 6750 before the handler runs. Thrown errors become JSON errors.
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
      if (error instanceof AccessTokenError) return bearerErrorResponse(error.toBearerChallenge());
      return toErrorResponse(error, request);
    }
    try {
      return await handler({ request, params, token });
    } catch (error) {
      return toErrorResponse(error, request);
    }
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
  const user = await requireUser(returnTo ?? `/o/${organizationId}`);
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
    if (error instanceof AccessTokenError) {
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
