import type { Queryable } from '../db/database.js';
import { findApplication, type ApplicationRecord, type ApplicationType } from './applications.js';
import type { OrganizationRoleRecord } from './organization-template.js';

/**
 * Machine-to-machine applications in organizations (Logto's `organization_application_relations`)
 * and their organization roles (`organization_role_application_relations`). Logto's database
 * allows only MachineToMachine applications and MachineToMachine roles there; these functions
 * report a violation as `false`/`'type'` so the routes answer like Logto.
 */

export async function findApplicationTypes(db: Queryable, ids: readonly string[]): Promise<Map<string, ApplicationType>> {
  const { rows } = await db.query<{ id: string; type: ApplicationType }>('select id, type from applications where id = any($1::text[])', [
    ids,
  ]);
  return new Map(rows.map((row) => [row.id, row.type]));
}

/** Adds apps to an organization; apps already in it stay (Logto's insert ignores conflicts). */
export async function addOrganizationApplications(db: Queryable, organizationId: string, applicationIds: readonly string[]): Promise<void> {
  const now = Date.now();
  for (const applicationId of applicationIds) {
    await db.query(
      `insert into organization_applications (organization_id, application_id, created_at) values ($1, $2, $3)
       on conflict do nothing`,
      [organizationId, applicationId, now],
    );
  }
}

export async function removeOrganizationApplication(db: Queryable, organizationId: string, applicationId: string): Promise<boolean> {
  const { rows } = await db.query(
    'delete from organization_applications where organization_id = $1 and application_id = $2 returning application_id',
    [organizationId, applicationId],
  );
  return rows.length > 0;
}

export async function isOrganizationApplication(db: Queryable, organizationId: string, applicationId: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from organization_applications where organization_id = $1 and application_id = $2', [
    organizationId,
    applicationId,
  ]);
  return rows.length > 0;
}

/** The organization's apps, newest first, each with its organization roles (id and name). */
export async function listOrganizationApplications(
  db: Queryable,
  organizationId: string,
  { limit, offset }: { limit: number; offset: number },
): Promise<{ applications: (ApplicationRecord & { organizationRoles: { id: string; name: string }[] })[]; total: number }> {
  const { rows: countRows } = await db.query<{ total: number }>(
    'select count(*)::int as total from organization_applications where organization_id = $1',
    [organizationId],
  );
  const { rows } = await db.query<{ id: string }>(
    `select application_id as id from organization_applications where organization_id = $1
     order by created_at desc, application_id limit ${limit} offset ${offset}`,
    [organizationId],
  );
  const applications = [];
  for (const { id } of rows) {
    const app = await findApplication(db, id);
    if (app) applications.push({ ...app, organizationRoles: await findApplicationRoleReferences(db, organizationId, id) });
  }
  return { applications, total: countRows[0]?.total ?? 0 };
}

async function findApplicationRoleReferences(db: Queryable, organizationId: string, applicationId: string) {
  const { rows } = await db.query<{ id: string; name: string }>(
    `select r.id, r.name from organization_application_roles ar join organization_roles r on r.id = ar.organization_role_id
     where ar.organization_id = $1 and ar.application_id = $2 order by r.name`,
    [organizationId, applicationId],
  );
  return rows;
}

export async function findApplicationOrganizationRoles(
  db: Queryable,
  organizationId: string,
  applicationId: string,
): Promise<OrganizationRoleRecord[]> {
  const { rows } = await db.query<OrganizationRoleRecord>(
    `select r.id, r.name, r.description, r.type from organization_application_roles ar
     join organization_roles r on r.id = ar.organization_role_id
     where ar.organization_id = $1 and ar.application_id = $2 order by r.name`,
    [organizationId, applicationId],
  );
  return rows;
}

export async function findRoleTypes(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ id: string; type: string }>('select id, type from organization_roles where id = any($1::text[])', [ids]);
  return new Map(rows.map((row) => [row.id, row.type]));
}

export async function addApplicationOrganizationRoles(
  db: Queryable,
  organizationId: string,
  applicationId: string,
  roleIds: readonly string[],
): Promise<void> {
  for (const roleId of roleIds) {
    await db.query(
      `insert into organization_application_roles (organization_id, application_id, organization_role_id) values ($1, $2, $3)
       on conflict do nothing`,
      [organizationId, applicationId, roleId],
    );
  }
}

export async function removeApplicationOrganizationRole(
  db: Queryable,
  organizationId: string,
  applicationId: string,
  roleId: string,
): Promise<boolean> {
  const { rows } = await db.query(
    `delete from organization_application_roles where organization_id = $1 and application_id = $2 and organization_role_id = $3
     returning organization_role_id`,
    [organizationId, applicationId, roleId],
  );
  return rows.length > 0;
}

/** Names of the organization scopes the app's roles in one organization grant (the organization token's ceiling). */
export async function findApplicationOrganizationScopeNames(db: Queryable, organizationId: string, applicationId: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `select distinct s.id, s.name
     from organization_application_roles ar
     join organization_role_scopes rs on rs.organization_role_id = ar.organization_role_id
     join organization_scopes s on s.id = rs.organization_scope_id
     where ar.organization_id = $1 and ar.application_id = $2
     order by s.id`,
    [organizationId, applicationId],
  );
  return rows.map((row) => row.name);
}
