import type Provider from 'oidc-provider';
import { errors, type FindAccount, type KoaContextWithOIDC, type RefreshToken } from 'oidc-provider';
import { issueIdToken } from 'oidc-provider/lib/helpers/grant_common.js';
import instance from 'oidc-provider/lib/helpers/weak_cache.js';

import { ORGANIZATION_AUDIENCE_PREFIX, ORGANIZATIONS_RESOURCE, TTL } from '../constants.js';
import type { Queryable } from '../db/database.js';
import { findMembershipStatus, findUserOrganizationScopeNames } from '../store/memberships.js';
import { findApplicationOrganizationScopeNames, isOrganizationApplication } from '../store/organization-applications.js';

/** Logto answers a refused organization token with 403, not OAuth's usual 400. */
function accessDenied(description: string): errors.AccessDenied {
  const error = new errors.AccessDenied(description);
  error.status = 403;
  error.statusCode = 403;
  return error;
}

function stringParam(ctx: KoaContextWithOIDC, name: string): string | undefined {
  const value = ctx.oidc.params?.[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Logto's refresh policy (oidc-provider's default, which Logto keeps for apps
 * that allow rotation): public clients rotate on every use, confidential
 * clients once 70% of the refresh token's lifetime has passed.
 */
export function shouldRotateRefreshToken(ctx: KoaContextWithOIDC): boolean {
  const { RefreshToken: refreshToken, Client: client } = ctx.oidc.entities;
  if (!refreshToken || !client) {
    return false;
  }
  if (refreshToken.totalLifetime() >= 365.25 * 24 * 60 * 60) {
    return false;
  }
  if (client.clientAuthMethod === 'none' && !refreshToken.isSenderConstrained()) {
    return true;
  }
  return refreshToken.ttlPercentagePassed() >= 70;
}

interface GrantDependencies {
  db: Queryable;
  findAccount: FindAccount;
}

/**
 * Replaces the refresh_token and client_credentials grants with Logto's
 * variants, delegating to oidc-provider's own handlers for the standard cases.
 */
export function installLogtoGrants(provider: Provider, dependencies: GrantDependencies): void {
  const { grantTypeHandlers } = instance(provider);
  const standardRefresh = grantTypeHandlers.get('refresh_token');
  const standardClientCredentials = grantTypeHandlers.get('client_credentials');
  if (!standardRefresh || !standardClientCredentials) {
    throw new Error('oidc-provider did not register the refresh_token and client_credentials grants');
  }

  provider.registerGrantType(
    'refresh_token',
    async (ctx) => {
      const organizationId = stringParam(ctx, 'organization_id');
      if (organizationId === undefined) {
        await standardRefresh(ctx);
        return;
      }
      await organizationTokenGrant(provider, dependencies, ctx, organizationId);
    },
    ['refresh_token', 'scope', 'resource', 'organization_id'],
    ['resource'],
  );

  provider.registerGrantType(
    'client_credentials',
    async (ctx) => {
      const organizationId = stringParam(ctx, 'organization_id');
      if (organizationId !== undefined) {
        const { client } = ctx.oidc;
        if (!client) throw new errors.InvalidClient();
        if (!(await isOrganizationApplication(dependencies.db, organizationId, client.clientId))) {
          throw accessDenied('app has not associated with the organization');
        }
        // With a resource too, Logto issues a token for that resource (organization_id claim aside).
        if (ctx.oidc.params.resource === undefined) {
          await machineOrganizationTokenGrant(provider, dependencies.db, ctx, organizationId);
          return;
        }
      }
      if (ctx.oidc.params.resource === undefined) {
        throw new errors.InvalidTarget('both `resource` and `organization_id` are not provided');
      }
      await standardClientCredentials(ctx);
    },
    ['scope', 'resource', 'organization_id'],
    ['resource'],
  );
}

/**
 * The refresh_token grant with `organization_id`: an access token for one
 * organization, audience `urn:logto:organization:<id>`, carrying the scopes
 * the client was granted for `urn:logto:resource:organizations` that the
 * user's roles in that organization give today.
 */
async function organizationTokenGrant(
  provider: Provider,
  { db, findAccount }: GrantDependencies,
  ctx: KoaContextWithOIDC,
  organizationId: string,
): Promise<void> {
  const { client } = ctx.oidc;
  if (!client) {
    throw new errors.InvalidClient();
  }
  if (ctx.oidc.params?.resource !== undefined) {
    throw new errors.InvalidTarget();
  }
  const refreshTokenValue = stringParam(ctx, 'refresh_token');
  if (refreshTokenValue === undefined) {
    throw new errors.InvalidRequest("missing required parameter 'refresh_token'");
  }

  const refreshToken = await provider.RefreshToken.find(refreshTokenValue, { ignoreExpiration: true });
  if (!refreshToken) {
    throw new errors.InvalidGrant('refresh token not found');
  }
  if (refreshToken.clientId !== client.clientId) {
    throw new errors.InvalidGrant('client mismatch');
  }
  if (refreshToken.isExpired) {
    throw new errors.InvalidGrant('refresh token is expired');
  }

  const grant = refreshToken.grantId ? await provider.Grant.find(refreshToken.grantId, { ignoreExpiration: true }) : undefined;
  if (!grant) {
    throw new errors.InvalidGrant('grant not found');
  }
  if (grant.isExpired) {
    throw new errors.InvalidGrant('grant is expired');
  }
  if (grant.clientId !== client.clientId) {
    throw new errors.InvalidGrant('client mismatch');
  }

  const requestedScopes = ctx.oidc.requestParamScopes;
  if (stringParam(ctx, 'scope') !== undefined) {
    const missing = [...requestedScopes].filter((scope) => !refreshToken.scopes.has(scope));
    if (missing.length > 0) {
      throw new errors.InvalidScope(
        `refresh token missing requested ${missing.length === 1 ? 'scope' : 'scopes'}`,
        missing.join(' '),
      );
    }
  }

  ctx.oidc.entity('RefreshToken', refreshToken);
  ctx.oidc.entity('Grant', grant);

  const account = await findAccount(ctx, refreshToken.accountId, refreshToken);
  if (!account) {
    throw new errors.InvalidGrant('refresh token invalid (referenced account not found)');
  }
  if (refreshToken.accountId !== grant.accountId) {
    throw new errors.InvalidGrant('accountId mismatch');
  }
  ctx.oidc.entity('Account', account);

  if (refreshToken.consumed) {
    // Reuse of a rotated refresh token: the whole grant is revoked, as in the standard grant.
    await Promise.all([refreshToken.destroy(), provider.RefreshToken.revokeByGrantId(grant.jti), grant.destroy()]);
    throw new errors.InvalidGrant('refresh token already used');
  }

  // Membership is checked before any rotation, so a refused request never
  // spends the client's refresh token.
  const membership = await findMembershipStatus(db, organizationId, account.accountId);
  if (membership === 'not_member') {
    throw accessDenied('user is not a member of the organization');
  }
  if (membership === 'mfa_required') {
    throw accessDenied('organization requires MFA but user has no MFA configured');
  }

  let issuedRefreshToken = refreshTokenValue;
  let currentRefreshToken: RefreshToken = refreshToken;
  if (shouldRotateRefreshToken(ctx)) {
    ({ value: issuedRefreshToken, token: currentRefreshToken } = await rotate(provider, ctx, refreshToken));
  }

  const scopes = stringParam(ctx, 'scope') === undefined ? currentRefreshToken.scopes : requestedScopes;
  const granted = new Set(grant.getResourceScopeFiltered(ORGANIZATIONS_RESOURCE, [...scopes]).split(' '));
  const memberScopes = await findUserOrganizationScopeNames(db, organizationId, account.accountId);
  const tokenScope = memberScopes.filter((scope) => granted.has(scope)).join(' ');

  const audience = `${ORGANIZATION_AUDIENCE_PREFIX}${organizationId}`;
  const accessToken = new provider.AccessToken({
    accountId: account.accountId,
    client,
    expiresWithSession: currentRefreshToken.expiresWithSession,
    grantId: grant.jti,
    gty: 'refresh_token',
    sessionUid: currentRefreshToken.sessionUid,
    sid: currentRefreshToken.sid,
  });
  accessToken.resourceServer = new provider.ResourceServer(audience, {
    scope: memberScopes.join(' '),
    audience,
    accessTokenTTL: TTL.organizationToken,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'ES384' } },
  });
  accessToken.scope = tokenScope;
  ctx.oidc.entity('AccessToken', accessToken);
  const accessTokenValue = await accessToken.save();

  const idToken = await issueIdToken(provider, ctx, currentRefreshToken, accessToken, grant, scopes);

  ctx.body = {
    access_token: accessTokenValue,
    expires_in: accessToken.expiration,
    ...(idToken ? { id_token: idToken } : {}),
    refresh_token: issuedRefreshToken,
    scope: tokenScope,
    token_type: accessToken.tokenType,
  };
}

/**
 * Logto's client_credentials grant with `organization_id` (RFC 0006): an organization token for
 * the app itself (`sub` and `client_id` its id), carrying the requested scopes that the app's
 * organization roles grant; no scope requested, none granted (`scope: ""`).
 */
async function machineOrganizationTokenGrant(
  provider: Provider,
  db: Queryable,
  ctx: KoaContextWithOIDC,
  organizationId: string,
): Promise<void> {
  const { client } = ctx.oidc;
  if (!client) {
    throw new errors.InvalidClient();
  }
  const requested = new Set((stringParam(ctx, 'scope') ?? '').split(' ').filter((scope) => scope !== ''));
  const available = await findApplicationOrganizationScopeNames(db, organizationId, client.clientId);
  const audience = `${ORGANIZATION_AUDIENCE_PREFIX}${organizationId}`;
  const token = new provider.ClientCredentials({ client });
  token.resourceServer = new provider.ResourceServer(audience, {
    scope: available.join(' '),
    audience,
    accessTokenTTL: TTL.organizationToken,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'ES384' } },
  });
  token.scope = available.filter((scope) => requested.has(scope)).join(' ');
  ctx.oidc.entity('ClientCredentials', token);
  const value = await token.save();
  ctx.body = { access_token: value, expires_in: token.expiration, token_type: token.tokenType, scope: token.scope };
}

async function rotate(
  provider: Provider,
  ctx: KoaContextWithOIDC,
  refreshToken: RefreshToken,
): Promise<{ value: string; token: RefreshToken }> {
  const { client } = ctx.oidc;
  if (!client || !refreshToken.grantId) {
    throw new errors.InvalidGrant('grant request is invalid');
  }
  await refreshToken.consume();
  ctx.oidc.entity('RotatedRefreshToken', refreshToken);
  const rotated = new provider.RefreshToken({
    accountId: refreshToken.accountId,
    acr: refreshToken.acr,
    amr: refreshToken.amr,
    authTime: refreshToken.authTime,
    claims: refreshToken.claims,
    client,
    expiresWithSession: refreshToken.expiresWithSession,
    iiat: refreshToken.iiat,
    grantId: refreshToken.grantId,
    gty: refreshToken.gty?.endsWith('refresh_token') ? refreshToken.gty : `${refreshToken.gty ?? ''} refresh_token`.trim(),
    nonce: refreshToken.nonce,
    resource: refreshToken.resource,
    rotations: (refreshToken.rotations ?? 0) + 1,
    scope: refreshToken.scope ?? '',
    sessionUid: refreshToken.sessionUid,
    sid: refreshToken.sid,
    rar: refreshToken.rar,
  });
  ctx.oidc.entity('RefreshToken', rotated);
  return { value: await rotated.save(), token: rotated };
}
