import type { Queryable } from '../db/database.js';
import type { OrganizationRoleRecord } from './organization-template.js';

// An organization's just-in-time provisioning: the e-mail domains whose new users join it, and
// the organization roles they get (Logto's `organization_jit_email_domains` and
// `organization_jit_roles`).

export interface JitEmailDomainRecord {
  organizationId: string;
  emailDomain: string;
}

export function toApiJitEmailDomain(record: JitEmailDomainRecord) {
  return { tenantId: 'default', organizationId: record.organizationId, emailDomain: record.emailDomain };
}

export async function listJitEmailDomains(
  db: Queryable,
  organizationId: string,
  page?: { limit: number; offset: number },
): Promise<{ items: JitEmailDomainRecord[]; total: number }> {
  const { rows: countRows } = await db.query<{ total: number }>(
    'select count(*)::int as total from organization_jit_email_domains where organization_id = $1',
    [organizationId],
  );
  const { rows } = await db.query<{ email_domain: string }>(
    `select email_domain from organization_jit_email_domains where organization_id = $1 order by email_domain
     ${page ? 'limit $2 offset $3' : ''}`,
    page ? [organizationId, page.limit, page.offset] : [organizationId],
  );
  return { items: rows.map((row) => ({ organizationId, emailDomain: row.email_domain })), total: countRows[0]?.total ?? 0 };
}

/** Throws PostgreSQL's unique violation for a domain the organization already has. */
export async function insertJitEmailDomain(db: Queryable, organizationId: string, emailDomain: string): Promise<JitEmailDomainRecord> {
  await db.query('insert into organization_jit_email_domains (organization_id, email_domain, created_at) values ($1, $2, $3)', [
    organizationId,
    emailDomain,
    Date.now(),
  ]);
  return { organizationId, emailDomain };
}

export async function replaceJitEmailDomains(db: Queryable, organizationId: string, emailDomains: readonly string[]): Promise<void> {
  await db.query('delete from organization_jit_email_domains where organization_id = $1', [organizationId]);
  const now = Date.now();
  for (const emailDomain of emailDomains) {
    await db.query('insert into organization_jit_email_domains (organization_id, email_domain, created_at) values ($1, $2, $3)', [
      organizationId,
      emailDomain,
      now,
    ]);
  }
}

export async function deleteJitEmailDomain(db: Queryable, organizationId: string, emailDomain: string): Promise<boolean> {
  const { rows } = await db.query<{ email_domain: string }>(
    'delete from organization_jit_email_domains where organization_id = $1 and email_domain = $2 returning email_domain',
    [organizationId, emailDomain],
  );
  return rows.length > 0;
}

interface RoleRow {
  id: string;
  name: string;
  description: string | null;
  type: 'User' | 'MachineToMachine';
}

export async function listJitRoles(
  db: Queryable,
  organizationId: string,
  page?: { limit: number; offset: number },
): Promise<{ items: OrganizationRoleRecord[]; total: number }> {
  const { rows: countRows } = await db.query<{ total: number }>(
    'select count(*)::int as total from organization_jit_roles where organization_id = $1',
    [organizationId],
  );
  const { rows } = await db.query<RoleRow>(
    `select r.id, r.name, r.description, r.type from organization_jit_roles j
     join organization_roles r on r.id = j.organization_role_id
     where j.organization_id = $1 order by r.name ${page ? 'limit $2 offset $3' : ''}`,
    page ? [organizationId, page.limit, page.offset] : [organizationId],
  );
  return { items: rows, total: countRows[0]?.total ?? 0 };
}

/** Logto inserts with `on conflict do nothing`; an unknown role breaks the foreign key. */
export async function addJitRoles(db: Queryable, organizationId: string, roleIds: readonly string[]): Promise<void> {
  for (const roleId of roleIds) {
    await db.query(
      'insert into organization_jit_roles (organization_id, organization_role_id) values ($1, $2) on conflict do nothing',
      [organizationId, roleId],
    );
  }
}

export async function replaceJitRoles(db: Queryable, organizationId: string, roleIds: readonly string[]): Promise<void> {
  await db.query('delete from organization_jit_roles where organization_id = $1', [organizationId]);
  await addJitRoles(db, organizationId, roleIds);
}

export async function deleteJitRole(db: Queryable, organizationId: string, roleId: string): Promise<boolean> {
  const { rows } = await db.query<{ organization_role_id: string }>(
    'delete from organization_jit_roles where organization_id = $1 and organization_role_id = $2 returning organization_role_id',
    [organizationId, roleId],
  );
  return rows.length > 0;
}

/**
 * Adds a new user to every organization that lists the domain of their e-mail, with that
 * organization's JIT roles, as Logto does when its experience creates a user. The domain is
 * compared exactly, as Logto's query does. Returns the organizations the user newly joined.
 */
export async function provisionByEmailDomain(db: Queryable, userId: string, email: string): Promise<string[]> {
  const domain = email.split('@')[1];
  if (!domain) return [];
  const { rows } = await db.query<{ organization_id: string }>(
    'select organization_id from organization_jit_email_domains where email_domain = $1 order by organization_id',
    [domain],
  );
  const joined: string[] = [];
  const now = Date.now();
  for (const { organization_id: organizationId } of rows) {
    const { rows: inserted } = await db.query<{ user_id: string }>(
      `insert into organization_users (organization_id, user_id, created_at) values ($1, $2, $3)
       on conflict do nothing returning user_id`,
      [organizationId, userId, now],
    );
    if (inserted.length > 0) joined.push(organizationId);
    await db.query(
      `insert into organization_user_roles (organization_id, user_id, organization_role_id)
       select $1, $2, organization_role_id from organization_jit_roles where organization_id = $1
       on conflict do nothing`,
      [organizationId, userId],
    );
  }
  return joined;
}
