import 'server-only';

import { LogtoClientError, LogtoRequestError } from '@logto/node';
import { headers } from 'next/headers';
import type { NextRequest } from 'next/server';

import { userMessage } from '@/i18n/user-messages';
import { noteApiKeyUse } from '@/lib/api-keys/api-keys';
import { REQUEST_PATH_HEADER } from '@/lib/auth/return-path';
import { missingScopes, scopesOfRolesIn, type OrganizationScope } from '@/lib/auth/scopes';
import { getUserOrganizationToken, requireUser, type SessionUser } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { extractBearerToken } from '@/lib/http/bearer';
import { toErrorResponse } from '@/lib/http/errors';
import { bearerErrorResponse } from '@/lib/http/rfc6750';
import { AccessTokenError, accessTokenVerifierFor, type VerifiedOrganizationToken } from '@/lib/logto/access-token';
import { sessionStore } from '@/lib/logto/config';
import { isMfaRequiredRefusal } from '@/lib/logto/mfa-refusal';
import { getMirror } from '@/lib/mirror/app-mirror';
import { isOrganizationTokenRevoked } from '@/lib/mirror/revocations';
import { appRateLimits, rateLimiter } from '@/lib/rate-limit/app-rate-limits';
import { rateLimitedError, rateLimitHeaders } from '@/lib/rate-limit/decisions';

import { MfaRequiredError } from './mfa-required';
import { getMemberOrganization } from './queries';

/** The verifier for this app's Logto: one per process, with one cached key set. */
export function verifyOrganizationToken(token: string, organizationId: string, scopes: readonly OrganizationScope[]) {
  return accessTokenVerifierFor(getEnv().logto.endpoint).verifyOrganizationToken(token, organizationId, scopes);
}

type RouteContext<Params> = { params: Promise<Params> };

/**
 * Wraps an organization-scoped route handler: the request must carry `Authorization: Bearer`
 * with a Logto organization token for the organization in the route and the declared scopes,
 * issued after its subject last lost authority there (the revocation record), else it is
 * answered per RFC 6750 before the handler runs. Then the caller's rate limit (per token subject
 * and organization): 429 with Retry-After when spent, RateLimit headers always. Thrown errors
 * become JSON errors.
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
    let response: Response;
    try {
      if (await isOrganizationTokenRevoked(await getDb(), params.orgId, token.userId, token.issuedAt)) {
        return bearerErrorResponse({
          error: 'invalid_token',
          description: 'The access token was issued before a membership or role change; get a new one',
          reason: 'revoked: issued before the latest revocation for its subject',
        });
      }
      // An API key's use, for its "last used" column (at most one write a minute per key).
      if (token.subjectType === 'application') {
        await noteApiKeyUse(await getDb(), params.orgId, token.userId).catch((error: unknown) => {
          console.warn('[api-keys] could not record a key\'s last use:', error);
        });
      }
      const decision = await rateLimiter.consume({ policy: appRateLimits().api, key: `${token.organizationId}:${token.userId}` });
      if (!decision.allowed) response = toErrorResponse(rateLimitedError(decision), request);
      else response = await handler({ request, params, token });
      for (const [name, value] of Object.entries(rateLimitHeaders(decision))) response.headers.set(name, value);
    } catch (error) {
      response = toErrorResponse(error, request);
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

const noAccess = () => new AppError('forbidden', userMessage('noAccess'));

/**
 * For the app's own pages and server actions: the signed-in user's authority in
 * `organizationId`. Throws AppError('forbidden') for non-members and for missing scopes.
 *
 * - Pages (`from: 'page'`) read the mirror: membership and role names, and each role's scopes
 *   as Logto has them, fresh within LOGTO_MIRROR_TTL_SECONDS and updated by webhooks, so a page
 *   view makes no call to Logto.
 *   Where the organization requires MFA, Logto's organization token decides too (Logto refuses
 *   it to members without MFA; a cached one costs nothing).
 * - Actions (`from: 'action'`) never trust stale authority: the member's current roles are
 *   read from Logto (one Management API call; Logto sends no event when a role is assigned),
 *   and the session's organization token must agree. The mirror learns what was read.
 */
export async function requireOrganizationAccess(
  organizationId: string,
  scopes: readonly OrganizationScope[],
  { from = 'action', returnTo }: { from?: 'action' | 'page'; returnTo?: string } = {},
): Promise<OrganizationAccess> {
  // An action posts to the page it was on (proxy.ts records that path): after a sign-in
  // redirect, the user comes back to that page rather than the organization's home.
  const user = await requireUser(returnTo ?? (await headers()).get(REQUEST_PATH_HEADER) ?? `/o/${organizationId}`);
  const granted = from === 'page' ? await pageAuthority(user, organizationId) : await writeAuthority(user, organizationId);
  const missing = missingScopes(granted, scopes);
  if (missing.length > 0) throw new AppError('forbidden', userMessage('roleNotAllowed'));
  return {
    user,
    organizationId,
    scopes: granted,
    can: (scope) => granted.has(scope),
  };
}

async function pageAuthority(user: SessionUser, organizationId: string): Promise<ReadonlySet<string>> {
  const organization = await getMemberOrganization(user.id, organizationId);
  if (!organization) throw noAccess();
  if (organization.isMfaRequired) await sessionOrganizationToken(user, organizationId, 'page');
  return scopesOfRolesIn(await (await getMirror()).roleScopes(), organization.roles);
}

async function writeAuthority(user: SessionUser, organizationId: string): Promise<ReadonlySet<string>> {
  let token = await sessionOrganizationToken(user, organizationId, 'action');
  const mirror = await getMirror();
  const roles = await mirror.refreshMembership(organizationId, user.id);
  if (!roles) throw noAccess();
  const current = scopesOfRolesIn(await mirror.roleScopes(), roles.map((role) => role.name));
  if ([...current].some((scope) => !token.scopes.has(scope))) {
    // The token predates a promotion: fetch one with the current roles' scopes (once).
    await sessionStore.forgetOrganizationTokens(user.id, organizationId);
    token = await sessionOrganizationToken(user, organizationId, 'action');
  }
  // Both must grant a scope: Logto's token (its role -> permission mapping) and the current roles.
  return new Set([...current].filter((scope) => token.scopes.has(scope)));
}

/** The session's organization token for `organizationId`, verified like any bearer token. */
async function sessionOrganizationToken(user: SessionUser, organizationId: string, from: 'action' | 'page') {
  let token: string;
  try {
    token = await getUserOrganizationToken(organizationId, from);
  } catch (error) {
    // A member without MFA where the organization requires it: told why, not "no access".
    if (await isMfaRequiredRefusal(error)) throw new MfaRequiredError(organizationId);
    // Logto refuses organization tokens to non-members (403 oidc.access_denied), also for
    // organizations that do not exist; both read as "no access" so ids can't be probed.
    if (error instanceof LogtoRequestError || error instanceof LogtoClientError) {
      console.warn('[auth] organization token refused:', error.code);
      throw noAccess();
    }
    throw error;
  }
  let verified: VerifiedOrganizationToken;
  try {
    verified = await verifyOrganizationToken(token, organizationId, []);
  } catch (error) {
    if (error instanceof AccessTokenError) {
      console.warn('[auth] own organization token refused:', error.reason);
      throw noAccess();
    }
    throw error;
  }
  if (verified.userId !== user.id) throw noAccess();
  return verified;
}
