import type { Queryable } from '../db/database.js';
import { shortId } from '../db/ids.js';
import { likeSubstring, patchAssignments } from './sql.js';
import type { OrganizationRoleRecord, OrganizationScopeRecord } from './organization-template.js';
import { USER_COLUMNS, toUserRecord, type UserRecord } from './users.js';

export interface OrganizationRecord {
  id: string;
  name: string;
  description: string | null;
  customData: Record<string, unknown>;
  isMfaRequired: boolean;
  color: Record<string, unknown>;
  branding: Record<string, unknown>;
  customCss: string | null;
  createdAt: number;
}

interface OrganizationRow {
  id: string;
  name: string;
  description: string | null;
  custom_data: Record<string, unknown>;
  is_mfa_required: boolean;
  color: Record<string, unknown>;
  branding: Record<string, unknown>;
  custom_css: string | null;
  created_at: number;
}

const COLUMNS = 'o.id, o.name, o.description, o.custom_data, o.is_mfa_required, o.color, o.branding, o.custom_css, o.created_at';

function toRecord(row: OrganizationRow): OrganizationRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    customData: row.custom_data,
    isMfaRequired: row.is_mfa_required,
    color: row.color,
    branding: row.branding,
    customCss: row.custom_css,
    createdAt: Number(row.created_at),
  };
}

export function toApiOrganization(organization: OrganizationRecord) {
  return { tenantId: 'default', ...organization };
}

export interface NameReference {
  id: string;
  name: string;
}

export async function findOrganization(db: Queryable, id: string): Promise<OrganizationRecord | undefined> {
  const { rows } = await db.query<OrganizationRow>(`select ${COLUMNS} from organizations o where o.id = $1`, [id]);
  return rows[0] && toRecord(rows[0]);
}

export async function listOrganizations(
  db: Queryable,
  { q, limit, offset }: { q?: string; limit: number; offset: number },
): Promise<{ organizations: OrganizationRecord[]; total: number }> {
  const where = q ? 'where o.id ilike $1 or o.name ilike $1' : '';
  const params = q ? [likeSubstring(q)] : [];
  const { rows: countRows } = await db.query<{ total: number }>(
    `select count(*)::int as total from organizations o ${where}`,
    params,
  );
  const { rows } = await db.query<OrganizationRow>(
    `select ${COLUMNS} from organizations o ${where} order by o.id limit $${params.length + 1} offset $${params.length + 2}`,
    [...params, limit, offset],
  );
  return { organizations: rows.map(toRecord), total: countRows[0]?.total ?? 0 };
}

export interface OrganizationInput {
  name: string;
  description?: string | null;
  customData?: Record<string, unknown>;
  isMfaRequired?: boolean;
  color?: Record<string, unknown>;
  branding?: Record<string, unknown>;
  customCss?: string | null;
}

export async function insertOrganization(db: Queryable, input: OrganizationInput): Promise<OrganizationRecord> {
  const { rows } = await db.query<OrganizationRow>(
    `insert into organizations as o (id, name, description, custom_data, is_mfa_required, color, branding, custom_css, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning ${COLUMNS}`,
    [
      shortId(),
      input.name,
      input.description ?? null,
      JSON.stringify(input.customData ?? {}),
      input.isMfaRequired ?? false,
      JSON.stringify(input.color ?? {}),
      JSON.stringify(input.branding ?? {}),
      input.customCss ?? null,
      Date.now(),
    ],
  );
  const row = rows[0];
  if (!row) {
    throw new Error('insert into organizations returned no row');
  }
  return toRecord(row);
}

export async function updateOrganization(
  db: Queryable,
  id: string,
  patch: Partial<OrganizationInput>,
): Promise<OrganizationRecord | undefined> {
  const columns: Record<keyof OrganizationInput, string> = {
    name: 'name',
    description: 'description',
    customData: 'custom_data',
    isMfaRequired: 'is_mfa_required',
    color: 'color',
    branding: 'branding',
    customCss: 'custom_css',
  };
  const values: unknown[] = [id];
  const assignments = patchAssignments(patch, columns, values);
  if (assignments.length === 0) {
    return findOrganization(db, id);
  }
  const { rows } = await db.query<OrganizationRow>(
    `update organizations as o set ${assignments.join(', ')} where o.id = $1 returning ${COLUMNS}`,
    values,
  );
  return rows[0] && toRecord(rows[0]);
}

/** Memberships, member roles and invitations go with it (foreign keys cascade). */
export async function deleteOrganization(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query<{ id: string }>('delete from organizations where id = $1 returning id', [id]);
  return rows.length > 0;
}

/** Member count and up to three members per organization, for `showFeatured`. */
export async function findFeaturedUsers(
  db: Queryable,
  organizationIds: readonly string[],
): Promise<Map<string, { usersCount: number; featuredUsers: { id: string; avatar: string | null; name: string | null }[] }>> {
  const result = new Map<string, { usersCount: number; featuredUsers: { id: string; avatar: string | null; name: string | null }[] }>();
  for (const id of organizationIds) {
    result.set(id, { usersCount: 0, featuredUsers: [] });
  }
  if (organizationIds.length === 0) {
    return result;
  }
  const { rows } = await db.query<{ organization_id: string; id: string; avatar: string | null; name: string | null }>(
    `select ou.organization_id, u.id, u.avatar, u.name
     from organization_users ou join users u on u.id = ou.user_id
     where ou.organization_id = any($1::text[])
     order by ou.organization_id, ou.created_at, u.id`,
    [organizationIds],
  );
  for (const row of rows) {
    const entry = result.get(row.organization_id);
    if (!entry) {
      continue;
    }
    entry.usersCount += 1;
    if (entry.featuredUsers.length < 3) {
      entry.featuredUsers.push({ id: row.id, avatar: row.avatar, name: row.name });
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------
// Members and their organization roles
// ---------------------------------------------------------------------------------------

export async function isMember(db: Queryable, organizationId: string, userId: string): Promise<boolean> {
  const { rows } = await db.query(
    'select 1 from organization_users where organization_id = $1 and user_id = $2',
    [organizationId, userId],
  );
  return rows.length > 0;
}

/** Adding an existing member again is a no-op, as in Logto. */
export async function addMembers(db: Queryable, organizationId: string, userIds: readonly string[]): Promise<void> {
  const now = Date.now();
  for (const userId of userIds) {
    await db.query(
      `insert into organization_users (organization_id, user_id, created_at) values ($1, $2, $3)
       on conflict do nothing`,
      [organizationId, userId, now],
    );
  }
}

export async function replaceMembers(db: Queryable, organizationId: string, userIds: readonly string[]): Promise<void> {
  await db.query('delete from organization_users where organization_id = $1 and not (user_id = any($2::text[]))', [
    organizationId,
    userIds,
  ]);
  await addMembers(db, organizationId, userIds);
}

export async function removeMember(db: Queryable, organizationId: string, userId: string): Promise<boolean> {
  const { rows } = await db.query<{ user_id: string }>(
    'delete from organization_users where organization_id = $1 and user_id = $2 returning user_id',
    [organizationId, userId],
  );
  return rows.length > 0;
}

export async function listMembers(
  db: Queryable,
  organizationId: string,
  { q, limit, offset }: { q?: string; limit: number; offset: number },
): Promise<{ users: UserRecord[]; total: number }> {
  const params: unknown[] = [organizationId];
  const conditions = ['ou.organization_id = $1'];
  if (q) {
    params.push(likeSubstring(q));
    const p = `$${params.length}`;
    conditions.push(
      `(u.id ilike ${p} or u.username ilike ${p} or u.primary_email ilike ${p} or u.primary_phone ilike ${p} or u.name ilike ${p})`,
    );
  }
  const from = `from organization_users ou join users u on u.id = ou.user_id where ${conditions.join(' and ')}`;
  const { rows: countRows } = await db.query<{ total: number }>(`select count(*)::int as total ${from}`, params);
  const { rows } = await db.query<Parameters<typeof toUserRecord>[0]>(
    `select ${USER_COLUMNS} ${from} order by u.id limit $${params.length + 1} offset $${params.length + 2}`,
    [...params, limit, offset],
  );
  return { users: rows.map(toUserRecord), total: countRows[0]?.total ?? 0 };
}

/** `{id, name}` of each member's roles in one organization, keyed by user id. */
export async function findMemberRoleReferences(
  db: Queryable,
  organizationId: string,
  userIds: readonly string[],
): Promise<Map<string, NameReference[]>> {
  const result = new Map<string, NameReference[]>(userIds.map((id) => [id, []]));
  const { rows } = await db.query<{ user_id: string; id: string; name: string }>(
    `select our.user_id, r.id, r.name
     from organization_user_roles our join organization_roles r on r.id = our.organization_role_id
     where our.organization_id = $1 and our.user_id = any($2::text[])
     order by r.id`,
    [organizationId, userIds],
  );
  for (const row of rows) {
    result.get(row.user_id)?.push({ id: row.id, name: row.name });
  }
  return result;
}

export async function findMemberRoles(
  db: Queryable,
  organizationId: string,
  userId: string,
): Promise<OrganizationRoleRecord[]> {
  const { rows } = await db.query<OrganizationRoleRecord>(
    `select r.id, r.name, r.description, r.type
     from organization_user_roles our join organization_roles r on r.id = our.organization_role_id
     where our.organization_id = $1 and our.user_id = $2
     order by r.id`,
    [organizationId, userId],
  );
  return rows;
}

export async function findMemberScopes(
  db: Queryable,
  organizationId: string,
  userId: string,
): Promise<OrganizationScopeRecord[]> {
  const { rows } = await db.query<OrganizationScopeRecord>(
    `select distinct s.id, s.name, s.description
     from organization_user_roles our
     join organization_role_scopes rs on rs.organization_role_id = our.organization_role_id
     join organization_scopes s on s.id = rs.organization_scope_id
     where our.organization_id = $1 and our.user_id = $2
     order by s.id`,
    [organizationId, userId],
  );
  return rows;
}

/** Fails with a foreign-key violation when a user is not a member or a role does not exist. */
export async function addMemberRoles(
  db: Queryable,
  organizationId: string,
  userIds: readonly string[],
  roleIds: readonly string[],
): Promise<void> {
  for (const userId of userIds) {
    for (const roleId of roleIds) {
      await db.query(
        `insert into organization_user_roles (organization_id, user_id, organization_role_id) values ($1, $2, $3)
         on conflict do nothing`,
        [organizationId, userId, roleId],
      );
    }
  }
}

export async function replaceMemberRoles(
  db: Queryable,
  organizationId: string,
  userId: string,
  roleIds: readonly string[],
): Promise<void> {
  await db.query('delete from organization_user_roles where organization_id = $1 and user_id = $2', [
    organizationId,
    userId,
  ]);
  await addMemberRoles(db, organizationId, [userId], roleIds);
}

export async function removeMemberRole(
  db: Queryable,
  organizationId: string,
  userId: string,
  roleId: string,
): Promise<boolean> {
  const { rows } = await db.query<{ user_id: string }>(
    `delete from organization_user_roles where organization_id = $1 and user_id = $2 and organization_role_id = $3
     returning user_id`,
    [organizationId, userId, roleId],
  );
  return rows.length > 0;
}

/** A user's organizations, each with the user's roles in it. */
export async function findUserOrganizationsWithRoles(
  db: Queryable,
  userId: string,
): Promise<(OrganizationRecord & { organizationRoles: NameReference[] })[]> {
  const { rows } = await db.query<OrganizationRow>(
    `select ${COLUMNS} from organization_users ou join organizations o on o.id = ou.organization_id
     where ou.user_id = $1 order by o.id`,
    [userId],
  );
  const { rows: roleRows } = await db.query<{ organization_id: string; id: string; name: string }>(
    `select our.organization_id, r.id, r.name
     from organization_user_roles our join organization_roles r on r.id = our.organization_role_id
     where our.user_id = $1 order by r.id`,
    [userId],
  );
  return rows.map((row) => ({
    ...toRecord(row),
    organizationRoles: roleRows
      .filter((role) => role.organization_id === row.id)
      .map(({ id, name }) => ({ id, name })),
  }));
}
