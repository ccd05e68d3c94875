import type { Queryable } from '../db/database.js';
import { likeSubstring } from './sql.js';

export interface OrganizationScopeRecord {
  id: string;
  name: string;
  description: string | null;
}

export interface OrganizationRoleRecord {
  id: string;
  name: string;
  description: string | null;
  type: 'User' | 'MachineToMachine';
}

export function toApiOrganizationScope(scope: OrganizationScopeRecord) {
  return { tenantId: 'default', id: scope.id, name: scope.name, description: scope.description };
}

export function toApiOrganizationRole(role: OrganizationRoleRecord) {
  return { tenantId: 'default', id: role.id, name: role.name, description: role.description, type: role.type };
}

export async function insertOrganizationScope(
  db: Queryable,
  input: { id: string; name: string; description?: string | null },
): Promise<OrganizationScopeRecord> {
  const { rows } = await db.query<OrganizationScopeRecord>(
    `insert into organization_scopes (id, name, description, created_at) values ($1, $2, $3, $4)
     returning id, name, description`,
    [input.id, input.name, input.description ?? null, Date.now()],
  );
  const row = rows[0];
  if (!row) {
    throw new Error('insert into organization_scopes returned no row');
  }
  return row;
}

export async function insertOrganizationRole(
  db: Queryable,
  input: { id: string; name: string; description?: string | null; type?: 'User' | 'MachineToMachine' },
): Promise<OrganizationRoleRecord> {
  const { rows } = await db.query<OrganizationRoleRecord>(
    `insert into organization_roles (id, name, description, type, created_at) values ($1, $2, $3, $4, $5)
     returning id, name, description, type`,
    [input.id, input.name, input.description ?? null, input.type ?? 'User', Date.now()],
  );
  const row = rows[0];
  if (!row) {
    throw new Error('insert into organization_roles returned no row');
  }
  return row;
}

export async function addOrganizationRoleScopes(
  db: Queryable,
  roleId: string,
  scopeIds: readonly string[],
): Promise<void> {
  for (const scopeId of scopeIds) {
    await db.query(
      `insert into organization_role_scopes (organization_role_id, organization_scope_id) values ($1, $2)
       on conflict do nothing`,
      [roleId, scopeId],
    );
  }
}

// ---------------------------------------------------------------------------------------
// Queries of the Management API
// ---------------------------------------------------------------------------------------

export async function listOrganizationScopes(
  db: Queryable,
  { q, limit, offset }: { q?: string; limit?: number; offset?: number },
): Promise<{ scopes: OrganizationScopeRecord[]; total: number }> {
  const params = q ? [likeSubstring(q)] : [];
  const where = q ? 'where name ilike $1 or description ilike $1' : '';
  const { rows: countRows } = await db.query<{ total: number }>(
    `select count(*)::int as total from organization_scopes ${where}`,
    params,
  );
  const page = limit === undefined ? '' : `limit ${limit} offset ${offset ?? 0}`;
  const { rows } = await db.query<OrganizationScopeRecord>(
    `select id, name, description from organization_scopes ${where} order by name ${page}`,
    params,
  );
  return { scopes: rows, total: countRows[0]?.total ?? 0 };
}

export async function findOrganizationScope(db: Queryable, id: string): Promise<OrganizationScopeRecord | undefined> {
  const { rows } = await db.query<OrganizationScopeRecord>(
    'select id, name, description from organization_scopes where id = $1',
    [id],
  );
  return rows[0];
}

export async function updateOrganizationScope(
  db: Queryable,
  id: string,
  patch: { name?: string; description?: string | null },
): Promise<OrganizationScopeRecord | undefined> {
  const { rows } = await db.query<OrganizationScopeRecord>(
    `update organization_scopes set
       name = coalesce($2, name),
       description = case when $3::boolean then $4 else description end
     where id = $1 returning id, name, description`,
    [id, patch.name ?? null, patch.description !== undefined, patch.description ?? null],
  );
  return rows[0];
}

export async function deleteOrganizationScope(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query('delete from organization_scopes where id = $1 returning id', [id]);
  return rows.length > 0;
}

export async function listOrganizationRoles(
  db: Queryable,
  { q, limit, offset }: { q?: string; limit?: number; offset?: number },
): Promise<{ roles: (OrganizationRoleRecord & { scopes: { id: string; name: string }[] })[]; total: number }> {
  const params = q ? [likeSubstring(q)] : [];
  const where = q ? 'where r.name ilike $1 or r.description ilike $1' : '';
  const { rows: countRows } = await db.query<{ total: number }>(
    `select count(*)::int as total from organization_roles r ${where}`,
    params,
  );
  const page = limit === undefined ? '' : `limit ${limit} offset ${offset ?? 0}`;
  const { rows } = await db.query<OrganizationRoleRecord>(
    `select r.id, r.name, r.description, r.type from organization_roles r ${where} order by r.name ${page}`,
    params,
  );
  const scopes = await findRoleScopeReferences(
    db,
    rows.map((role) => role.id),
  );
  return {
    roles: rows.map((role) => ({ ...role, scopes: scopes.get(role.id) ?? [] })),
    total: countRows[0]?.total ?? 0,
  };
}

async function findRoleScopeReferences(
  db: Queryable,
  roleIds: readonly string[],
): Promise<Map<string, { id: string; name: string }[]>> {
  const result = new Map<string, { id: string; name: string }[]>();
  if (roleIds.length === 0) {
    return result;
  }
  const { rows } = await db.query<{ role_id: string; id: string; name: string }>(
    `select rs.organization_role_id as role_id, s.id, s.name
     from organization_role_scopes rs join organization_scopes s on s.id = rs.organization_scope_id
     where rs.organization_role_id = any($1::text[]) order by s.id`,
    [roleIds],
  );
  for (const row of rows) {
    const list = result.get(row.role_id) ?? [];
    list.push({ id: row.id, name: row.name });
    result.set(row.role_id, list);
  }
  return result;
}

export async function findOrganizationRole(db: Queryable, id: string): Promise<OrganizationRoleRecord | undefined> {
  const { rows } = await db.query<OrganizationRoleRecord>(
    'select id, name, description, type from organization_roles where id = $1',
    [id],
  );
  return rows[0];
}

export async function findOrganizationRolesByNames(
  db: Queryable,
  names: readonly string[],
): Promise<OrganizationRoleRecord[]> {
  const { rows } = await db.query<OrganizationRoleRecord>(
    'select id, name, description, type from organization_roles where name = any($1::text[])',
    [names],
  );
  return rows;
}

export async function updateOrganizationRole(
  db: Queryable,
  id: string,
  patch: { name?: string; description?: string | null },
): Promise<OrganizationRoleRecord | undefined> {
  const { rows } = await db.query<OrganizationRoleRecord>(
    `update organization_roles set
       name = coalesce($2, name),
       description = case when $3::boolean then $4 else description end
     where id = $1 returning id, name, description, type`,
    [id, patch.name ?? null, patch.description !== undefined, patch.description ?? null],
  );
  return rows[0];
}

/** Member role assignments of the role go with it. */
export async function deleteOrganizationRole(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query('delete from organization_roles where id = $1 returning id', [id]);
  return rows.length > 0;
}

export async function findOrganizationRoleScopes(db: Queryable, roleId: string): Promise<OrganizationScopeRecord[]> {
  const { rows } = await db.query<OrganizationScopeRecord>(
    `select s.id, s.name, s.description
     from organization_role_scopes rs join organization_scopes s on s.id = rs.organization_scope_id
     where rs.organization_role_id = $1 order by s.id`,
    [roleId],
  );
  return rows;
}

export async function replaceOrganizationRoleScopes(
  db: Queryable,
  roleId: string,
  scopeIds: readonly string[],
): Promise<void> {
  await db.query('delete from organization_role_scopes where organization_role_id = $1', [roleId]);
  await addOrganizationRoleScopes(db, roleId, scopeIds);
}

export async function removeOrganizationRoleScope(db: Queryable, roleId: string, scopeId: string): Promise<boolean> {
  const { rows } = await db.query(
    `delete from organization_role_scopes where organization_role_id = $1 and organization_scope_id = $2
     returning organization_role_id`,
    [roleId, scopeId],
  );
  return rows.length > 0;
}
