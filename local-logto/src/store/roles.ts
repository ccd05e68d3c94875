import type { Queryable } from '../db/database.js';

/** Gives a new user every `isDefault` user role; existing users never get them later. */
export async function assignDefaultRoles(db: Queryable, userId: string): Promise<void> {
  await db.query(
    `insert into users_roles (user_id, role_id)
     select $1, r.id from roles r where r.is_default and r.type = 'User'
     on conflict do nothing`,
    [userId],
  );
}

/** Names of the scopes of `indicator` that the user's global roles grant. */
export async function findUserResourceScopes(db: Queryable, userId: string, indicator: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `select distinct s.name
     from users_roles ur
     join roles_scopes rs on rs.role_id = ur.role_id
     join scopes s on s.id = rs.scope_id
     join resources r on r.id = s.resource_id
     where ur.user_id = $1 and r.indicator = $2
     order by s.name`,
    [userId, indicator],
  );
  return rows.map((row) => row.name);
}

/** Names of the scopes of `indicator` that an application's machine-to-machine roles grant. */
export async function findApplicationResourceScopes(
  db: Queryable,
  applicationId: string,
  indicator: string,
): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `select distinct s.name
     from applications_roles ar
     join roles_scopes rs on rs.role_id = ar.role_id
     join scopes s on s.id = rs.scope_id
     join resources r on r.id = s.resource_id
     where ar.application_id = $1 and r.indicator = $2
     order by s.name`,
    [applicationId, indicator],
  );
  return rows.map((row) => row.name);
}

export async function findUserRoleNames(db: Queryable, userId: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `select r.name from users_roles ur join roles r on r.id = ur.role_id where ur.user_id = $1 order by r.name`,
    [userId],
  );
  return rows.map((row) => row.name);
}

export type RoleType = 'User' | 'MachineToMachine';

export interface RoleRecord {
  id: string;
  name: string;
  description: string;
  type: RoleType;
  isDefault: boolean;
  createdAt: number;
}

interface RoleRow {
  id: string;
  name: string;
  description: string;
  type: RoleType;
  is_default: boolean;
  created_at: number;
}

export const ROLE_COLUMNS = 'r.id, r.name, r.description, r.type, r.is_default, r.created_at';

export function toRoleRecord(row: RoleRow): RoleRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    type: row.type,
    isDefault: row.is_default,
    createdAt: Number(row.created_at),
  };
}

export async function insertRole(
  db: Queryable,
  input: { id: string; name: string; description: string; type: RoleType; isDefault?: boolean },
): Promise<RoleRecord> {
  const { rows } = await db.query<RoleRow>(
    `insert into roles as r (id, name, description, type, is_default, created_at) values ($1, $2, $3, $4, $5, $6)
     returning ${ROLE_COLUMNS}`,
    [input.id, input.name, input.description, input.type, input.isDefault ?? false, Date.now()],
  );
  const row = rows[0];
  if (!row) {
    throw new Error('insert into roles returned no row');
  }
  return toRoleRecord(row);
}

export async function addRoleScopes(db: Queryable, roleId: string, scopeIds: readonly string[]): Promise<void> {
  for (const scopeId of scopeIds) {
    await db.query('insert into roles_scopes (role_id, scope_id) values ($1, $2) on conflict do nothing', [
      roleId,
      scopeId,
    ]);
  }
}

export async function assignApplicationRole(db: Queryable, applicationId: string, roleId: string): Promise<void> {
  await db.query(
    'insert into applications_roles (application_id, role_id) values ($1, $2) on conflict do nothing',
    [applicationId, roleId],
  );
}

// ---------------------------------------------------------------------------------------
// Queries of the Management API
// ---------------------------------------------------------------------------------------

export function toApiRole(role: RoleRecord) {
  return {
    tenantId: 'default',
    id: role.id,
    name: role.name,
    description: role.description,
    type: role.type,
    isDefault: role.isDefault,
  };
}

export async function findRole(db: Queryable, id: string): Promise<RoleRecord | undefined> {
  const { rows } = await db.query<RoleRow>(`select ${ROLE_COLUMNS} from roles r where r.id = $1`, [id]);
  return rows[0] && toRoleRecord(rows[0]);
}

export async function findRoles(db: Queryable, ids: readonly string[]): Promise<RoleRecord[]> {
  const { rows } = await db.query<RoleRow>(`select ${ROLE_COLUMNS} from roles r where r.id = any($1::text[])`, [ids]);
  return rows.map(toRoleRecord);
}

export async function listRoles(
  db: Queryable,
  { type, search, limit, offset }: { type?: RoleType; search?: string; limit: number; offset: number },
): Promise<{ roles: RoleRecord[]; total: number }> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (type) {
    params.push(type);
    conditions.push(`r.type = $${params.length}`);
  }
  if (search) {
    // Logto's `search` is an SQL ILIKE pattern: the caller writes the wildcards.
    params.push(search);
    conditions.push(`(r.name ilike $${params.length} or r.description ilike $${params.length})`);
  }
  const where = conditions.length > 0 ? `where ${conditions.join(' and ')}` : '';
  const { rows: countRows } = await db.query<{ total: number }>(`select count(*)::int as total from roles r ${where}`, params);
  const { rows } = await db.query<RoleRow>(
    `select ${ROLE_COLUMNS} from roles r ${where} order by r.created_at desc, r.id
     limit $${params.length + 1} offset $${params.length + 2}`,
    [...params, limit, offset],
  );
  return { roles: rows.map(toRoleRecord), total: countRows[0]?.total ?? 0 };
}

export interface RoleUsage {
  usersCount: number;
  featuredUsers: { id: string; avatar: string | null; name: string | null }[];
  applicationsCount: number;
  featuredApplications: { id: string; name: string; type: string }[];
}

export async function findRoleUsage(db: Queryable, roleIds: readonly string[]): Promise<Map<string, RoleUsage>> {
  const usage = new Map<string, RoleUsage>(
    roleIds.map((id) => [id, { usersCount: 0, featuredUsers: [], applicationsCount: 0, featuredApplications: [] }]),
  );
  const { rows: users } = await db.query<{ role_id: string; id: string; avatar: string | null; name: string | null }>(
    `select ur.role_id, u.id, u.avatar, u.name from users_roles ur join users u on u.id = ur.user_id
     where ur.role_id = any($1::text[]) order by u.created_at, u.id`,
    [roleIds],
  );
  for (const row of users) {
    const entry = usage.get(row.role_id);
    if (entry) {
      entry.usersCount += 1;
      if (entry.featuredUsers.length < 3) {
        entry.featuredUsers.push({ id: row.id, avatar: row.avatar, name: row.name });
      }
    }
  }
  const { rows: apps } = await db.query<{ role_id: string; id: string; name: string; type: string }>(
    `select ar.role_id, a.id, a.name, a.type from applications_roles ar join applications a on a.id = ar.application_id
     where ar.role_id = any($1::text[]) order by a.created_at, a.id`,
    [roleIds],
  );
  for (const row of apps) {
    const entry = usage.get(row.role_id);
    if (entry) {
      entry.applicationsCount += 1;
      if (entry.featuredApplications.length < 3) {
        entry.featuredApplications.push({ id: row.id, name: row.name, type: row.type });
      }
    }
  }
  return usage;
}

export async function updateRole(
  db: Queryable,
  id: string,
  patch: { name?: string; description?: string; isDefault?: boolean },
): Promise<RoleRecord | undefined> {
  const { rows } = await db.query<RoleRow>(
    `update roles as r set
       name = coalesce($2, name),
       description = coalesce($3, description),
       is_default = coalesce($4, is_default)
     where r.id = $1 returning ${ROLE_COLUMNS}`,
    [id, patch.name ?? null, patch.description ?? null, patch.isDefault ?? null],
  );
  return rows[0] && toRoleRecord(rows[0]);
}

export async function deleteRole(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query('delete from roles where id = $1 returning id', [id]);
  return rows.length > 0;
}

export async function findRoleScopeIds(db: Queryable, roleId: string): Promise<string[]> {
  const { rows } = await db.query<{ scope_id: string }>('select scope_id from roles_scopes where role_id = $1', [roleId]);
  return rows.map((row) => row.scope_id);
}

export async function removeRoleScope(db: Queryable, roleId: string, scopeId: string): Promise<boolean> {
  const { rows } = await db.query('delete from roles_scopes where role_id = $1 and scope_id = $2 returning role_id', [
    roleId,
    scopeId,
  ]);
  return rows.length > 0;
}

export async function findUserRoles(
  db: Queryable,
  userId: string,
  page?: { limit: number; offset: number },
): Promise<{ roles: RoleRecord[]; total: number }> {
  const { rows: countRows } = await db.query<{ total: number }>(
    'select count(*)::int as total from users_roles where user_id = $1',
    [userId],
  );
  const { rows } = await db.query<RoleRow>(
    `select ${ROLE_COLUMNS} from users_roles ur join roles r on r.id = ur.role_id where ur.user_id = $1
     order by r.created_at desc, r.id ${page ? 'limit $2 offset $3' : ''}`,
    page ? [userId, page.limit, page.offset] : [userId],
  );
  return { roles: rows.map(toRoleRecord), total: countRows[0]?.total ?? 0 };
}

/** Returns the role ids that were not assigned before. */
export async function assignUserRoles(db: Queryable, userId: string, roleIds: readonly string[]): Promise<string[]> {
  const added: string[] = [];
  for (const roleId of new Set(roleIds)) {
    const { rows } = await db.query(
      'insert into users_roles (user_id, role_id) values ($1, $2) on conflict do nothing returning role_id',
      [userId, roleId],
    );
    if (rows.length > 0) {
      added.push(roleId);
    }
  }
  return added;
}

export async function replaceUserRoles(db: Queryable, userId: string, roleIds: readonly string[]): Promise<void> {
  await db.query('delete from users_roles where user_id = $1', [userId]);
  await assignUserRoles(db, userId, roleIds);
}

export async function removeUserRole(db: Queryable, userId: string, roleId: string): Promise<boolean> {
  const { rows } = await db.query('delete from users_roles where user_id = $1 and role_id = $2 returning role_id', [
    userId,
    roleId,
  ]);
  return rows.length > 0;
}
