import { errors, type Client, type KoaContextWithOIDC, type ResourceServer } from 'oidc-provider';

import { ORGANIZATIONS_RESOURCE, TTL } from '../constants.js';
import type { Queryable } from '../db/database.js';
import { findAllOrganizationScopeNames } from '../store/memberships.js';
import { findResourceByIndicator, findResourceScopeNames } from '../store/resources.js';
import { findApplicationResourceScopes, findUserResourceScopes } from '../store/roles.js';

const JWT_FORMAT = { accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES384' } } } as const;

/** The user an authorization or token request acts for, when it is known yet. */
function accountIdOf(ctx: KoaContextWithOIDC): string | undefined {
  const { entities, session } = ctx.oidc;
  return (
    entities.Account?.accountId ??
    entities.RefreshToken?.accountId ??
    entities.AuthorizationCode?.accountId ??
    session?.accountId
  );
}

function isClientCredentials(ctx: KoaContextWithOIDC): boolean {
  return ctx.oidc.route === 'token' && ctx.oidc.params?.grant_type === 'client_credentials';
}

/**
 * Describes an API resource for oidc-provider. Its `scope` is what the caller
 * may receive: the user's (or the application's) role scopes, so oidc-provider
 * asks consent only for those and drops the rest from tokens, and a role
 * change shows in the next token. Before sign-in the account is unknown and
 * every scope of the resource is listed.
 */
export function createGetResourceServerInfo(db: Queryable) {
  return async (ctx: KoaContextWithOIDC, indicator: string, client: Client): Promise<ResourceServer> => {
    if (indicator === ORGANIZATIONS_RESOURCE) {
      // Consent grants the requested organization scopes whatever the roles are;
      // the organization token narrows them to the member's roles at issue time.
      const scope = isClientCredentials(ctx) ? '' : (await findAllOrganizationScopeNames(db)).join(' ');
      return { ...JWT_FORMAT, scope, audience: indicator, accessTokenTTL: TTL.accessToken };
    }

    const resource = await findResourceByIndicator(db, indicator);
    if (!resource) {
      throw new errors.InvalidTarget();
    }

    let scopes: string[];
    if (isClientCredentials(ctx)) {
      scopes = await findApplicationResourceScopes(db, client.clientId, indicator);
    } else {
      const accountId = accountIdOf(ctx);
      scopes = accountId
        ? await findUserResourceScopes(db, accountId, indicator)
        : await findResourceScopeNames(db, resource.id);
    }
    return { ...JWT_FORMAT, scope: scopes.join(' '), audience: indicator, accessTokenTTL: resource.accessTokenTtl };
  };
}
