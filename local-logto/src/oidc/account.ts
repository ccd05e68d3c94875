import type { AccountClaims, FindAccount } from 'oidc-provider';

import { SCOPE_ORGANIZATION_ROLES, SCOPE_ORGANIZATIONS } from '../constants.js';
import type { Queryable } from '../db/database.js';
import { findUserOrganizationRoleClaims, findUserOrganizations } from '../store/memberships.js';
import { findUserRoleNames } from '../store/roles.js';
import { findUserById, type UserRecord } from '../store/users.js';

/** Which claims each scope releases, with Logto's claim names. */
export const CLAIMS_BY_SCOPE = {
  openid: ['sub'],
  profile: ['name', 'username', 'picture', 'created_at', 'updated_at'],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  custom_data: ['custom_data'],
  identities: ['identities'],
  roles: ['roles'],
  [SCOPE_ORGANIZATIONS]: ['organizations', 'organization_data'],
  [SCOPE_ORGANIZATION_ROLES]: ['organization_roles'],
} as const;

/**
 * Claims are computed from the database at every issue (ID token, userinfo,
 * refresh), so membership and role changes show up at once, as in Logto.
 */
export async function buildClaims(db: Queryable, user: UserRecord, use: string, scope: string): Promise<AccountClaims> {
  const scopes = new Set(scope.split(' '));
  const claims: AccountClaims = { sub: user.id };
  if (scopes.has('profile')) {
    Object.assign(claims, {
      name: user.name,
      picture: user.avatar,
      updated_at: user.updatedAt,
      username: user.username,
      created_at: user.createdAt,
    });
  }
  if (scopes.has('email')) {
    Object.assign(claims, { email: user.primaryEmail, email_verified: user.primaryEmail !== null });
  }
  if (scopes.has('phone')) {
    Object.assign(claims, { phone_number: user.primaryPhone, phone_number_verified: user.primaryPhone !== null });
  }
  if (scopes.has('custom_data')) {
    claims.custom_data = user.customData;
  }
  if (scopes.has('identities')) {
    claims.identities = {};
  }
  if (scopes.has('roles')) {
    claims.roles = await findUserRoleNames(db, user.id);
  }
  if (scopes.has(SCOPE_ORGANIZATIONS)) {
    const organizations = await findUserOrganizations(db, user.id);
    claims.organizations = organizations.map(({ id }) => id);
    // Logto keeps the larger organization details out of the ID token.
    if (use === 'userinfo') {
      claims.organization_data = organizations;
    }
  }
  if (scopes.has(SCOPE_ORGANIZATION_ROLES)) {
    claims.organization_roles = await findUserOrganizationRoleClaims(db, user.id);
  }
  return claims;
}

export function createFindAccount(db: Queryable): FindAccount {
  return async (_ctx, sub) => {
    const user = await findUserById(db, sub);
    if (!user || user.isSuspended) {
      return undefined;
    }
    return {
      accountId: user.id,
      // findAccount runs on every token and userinfo request, so `user` is current.
      claims: (use, scope) => buildClaims(db, user, use, scope),
    };
  };
}
