import type { Queryable } from '../db/database.js';
import { longId } from '../db/ids.js';
import type { NameReference } from './organizations.js';

export type StoredInvitationStatus = 'Pending' | 'Accepted' | 'Revoked';
export type InvitationStatus = StoredInvitationStatus | 'Expired';

export interface InvitationRecord {
  id: string;
  inviterId: string | null;
  invitee: string;
  acceptedUserId: string | null;
  organizationId: string;
  /** As read now: a pending invitation past its expiry reads as `Expired`. */
  status: InvitationStatus;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  organizationRoles: NameReference[];
}

interface InvitationRow {
  id: string;
  inviter_id: string | null;
  invitee: string;
  accepted_user_id: string | null;
  organization_id: string;
  status: StoredInvitationStatus;
  created_at: number;
  updated_at: number;
  expires_at: number;
}

const COLUMNS = 'i.id, i.inviter_id, i.invitee, i.accepted_user_id, i.organization_id, i.status, i.created_at, i.updated_at, i.expires_at';

export function effectiveStatus(status: StoredInvitationStatus, expiresAt: number, now = Date.now()): InvitationStatus {
  return status === 'Pending' && expiresAt <= now ? 'Expired' : status;
}

export function toApiInvitation(invitation: InvitationRecord) {
  return { tenantId: 'default', ...invitation };
}

async function withRoles(db: Queryable, rows: InvitationRow[]): Promise<InvitationRecord[]> {
  if (rows.length === 0) {
    return [];
  }
  const { rows: roleRows } = await db.query<{ invitation_id: string; id: string; name: string }>(
    `select ir.invitation_id, r.id, r.name
     from organization_invitation_roles ir join organization_roles r on r.id = ir.organization_role_id
     where ir.invitation_id = any($1::text[]) order by r.id`,
    [rows.map((row) => row.id)],
  );
  const now = Date.now();
  return rows.map((row) => ({
    id: row.id,
    inviterId: row.inviter_id,
    invitee: row.invitee,
    acceptedUserId: row.accepted_user_id,
    organizationId: row.organization_id,
    status: effectiveStatus(row.status, Number(row.expires_at), now),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    expiresAt: Number(row.expires_at),
    organizationRoles: roleRows
      .filter((role) => role.invitation_id === row.id)
      .map(({ id, name }) => ({ id, name })),
  }));
}

export async function findInvitation(db: Queryable, id: string): Promise<InvitationRecord | undefined> {
  const { rows } = await db.query<InvitationRow>(`select ${COLUMNS} from organization_invitations i where i.id = $1`, [
    id,
  ]);
  return (await withRoles(db, rows))[0];
}

export async function listInvitations(
  db: Queryable,
  filters: { organizationId?: string; inviterId?: string; invitee?: string },
): Promise<InvitationRecord[]> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filters.organizationId !== undefined) {
    params.push(filters.organizationId);
    conditions.push(`i.organization_id = $${params.length}`);
  }
  if (filters.inviterId !== undefined) {
    params.push(filters.inviterId);
    conditions.push(`i.inviter_id = $${params.length}`);
  }
  if (filters.invitee !== undefined) {
    params.push(filters.invitee);
    conditions.push(`lower(i.invitee) = lower($${params.length})`);
  }
  const where = conditions.length > 0 ? `where ${conditions.join(' and ')}` : '';
  const { rows } = await db.query<InvitationRow>(
    `select ${COLUMNS} from organization_invitations i ${where} order by i.created_at, i.id`,
    params,
  );
  return withRoles(db, rows);
}

/** Whether the invitee has an invitation to the organization that is still pending (not expired). */
export async function hasPendingInvitation(db: Queryable, organizationId: string, invitee: string): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from organization_invitations
     where organization_id = $1 and lower(invitee) = lower($2) and status = 'Pending' and expires_at > $3`,
    [organizationId, invitee, Date.now()],
  );
  return rows.length > 0;
}

export async function insertInvitation(
  db: Queryable,
  input: { inviterId?: string | null; invitee: string; organizationId: string; expiresAt: number; roleIds: readonly string[] },
): Promise<string> {
  const id = longId();
  const now = Date.now();
  await db.query(
    `insert into organization_invitations (id, inviter_id, invitee, organization_id, status, created_at, updated_at, expires_at)
     values ($1, $2, $3, $4, 'Pending', $5, $5, $6)`,
    [id, input.inviterId ?? null, input.invitee, input.organizationId, now, input.expiresAt],
  );
  for (const roleId of new Set(input.roleIds)) {
    await db.query('insert into organization_invitation_roles (invitation_id, organization_role_id) values ($1, $2)', [
      id,
      roleId,
    ]);
  }
  return id;
}

export async function setInvitationStatus(
  db: Queryable,
  id: string,
  status: 'Accepted' | 'Revoked',
  acceptedUserId: string | null,
): Promise<void> {
  await db.query(
    'update organization_invitations set status = $2, accepted_user_id = $3, updated_at = $4 where id = $1',
    [id, status, acceptedUserId, Date.now()],
  );
}

export async function deleteInvitation(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query('delete from organization_invitations where id = $1 returning id', [id]);
  return rows.length > 0;
}
