import type { Queryable } from '../db/database.js';

/**
 * Read-side queries about a user's organizations, used when tokens and claims
 * are issued. They always read the current state: claims are never cached.
 */

export interface OrganizationSummary {
  id: string;
  name: string;
  description: string | null;
}

export async function findUserOrganizations(db: Queryable, userId: string): Promise<OrganizationSummary[]> {
  const { rows } = await db.query<OrganizationSummary>(
    `select o.id, o.name, o.description
     from organization_users ou join organizations o on o.id = ou.organization_id
     where ou.user_id = $1
     order by o.id`,
    [userId],
  );
  return rows;
}

/** `<organizationId>:<roleName>` pairs, the format of Logto's `organization_roles` claim. */
export async function findUserOrganizationRoleClaims(db: Queryable, userId: string): Promise<string[]> {
  const { rows } = await db.query<{ organization_id: string; name: string }>(
    `select our.organization_id, r.name
     from organization_user_roles our join organization_roles r on r.id = our.organization_role_id
     where our.user_id = $1
     order by our.organization_id, r.name`,
    [userId],
  );
  return rows.map((row) => `${row.organization_id}:${row.name}`);
}

export type MembershipStatus = 'member' | 'not_member' | 'mfa_required';

export async function findMembershipStatus(
  db: Queryable,
  organizationId: string,
  userId: string,
): Promise<MembershipStatus> {
  const { rows } = await db.query<{ is_mfa_required: boolean; has_mfa: boolean }>(
    `select o.is_mfa_required,
       exists (select 1 from user_mfa_verifications m where m.user_id = ou.user_id) as has_mfa
     from organization_users ou join organizations o on o.id = ou.organization_id
     where ou.organization_id = $1 and ou.user_id = $2`,
    [organizationId, userId],
  );
  const row = rows[0];
  if (!row) {
    return 'not_member';
  }
  // Logto's rule (getMfaStatus): any configured factor will do, whether or not this session
  // verified it, so a member who enrols later gets tokens without signing in again.
  return row.is_mfa_required && !row.has_mfa ? 'mfa_required' : 'member';
}

/** Names of the organization scopes the user's roles in one organization grant. */
export async function findUserOrganizationScopeNames(
  db: Queryable,
  organizationId: string,
  userId: string,
): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `select distinct s.id, s.name
     from organization_user_roles our
     join organization_role_scopes rs on rs.organization_role_id = our.organization_role_id
     join organization_scopes s on s.id = rs.organization_scope_id
     where our.organization_id = $1 and our.user_id = $2
     order by s.id`,
    [organizationId, userId],
  );
  return rows.map((row) => row.name);
}

export async function findAllOrganizationScopeNames(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>('select name from organization_scopes order by name');
  return rows.map((row) => row.name);
}
