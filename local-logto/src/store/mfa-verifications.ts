import type { Queryable } from '../db/database.js';
import { longId } from '../db/ids.js';

/** A user's MFA factor. Only TOTP exists here; Logto also has WebAuthn and backup codes. */
export interface MfaVerificationRecord {
  id: string;
  userId: string;
  type: 'Totp';
  /** The base32 TOTP secret; never leaves this server. */
  key: string;
  lastUsedTimeStep: number | null;
  createdAt: number;
}

interface Row {
  id: string;
  user_id: string;
  type: string;
  key: string;
  last_used_time_step: string | number | null;
  created_at: string | number;
}

function toRecord(row: Row): MfaVerificationRecord {
  return {
    id: row.id,
    userId: row.user_id,
    type: 'Totp',
    key: row.key,
    lastUsedTimeStep: row.last_used_time_step === null ? null : Number(row.last_used_time_step),
    createdAt: Number(row.created_at),
  };
}

/** Logto's `GET /api/users/:id/mfa-verifications` item: `{id, createdAt (ISO), type}`, no secret. */
export function toApiMfaVerification(record: MfaVerificationRecord) {
  return { id: record.id, createdAt: new Date(record.createdAt).toISOString(), type: record.type };
}

export async function listMfaVerifications(db: Queryable, userId: string): Promise<MfaVerificationRecord[]> {
  const { rows } = await db.query<Row>(
    'select * from user_mfa_verifications where user_id = $1 order by created_at, id',
    [userId],
  );
  return rows.map(toRecord);
}

export async function findTotp(db: Queryable, userId: string): Promise<MfaVerificationRecord | undefined> {
  return (await listMfaVerifications(db, userId)).find((record) => record.type === 'Totp');
}

/** Binds a TOTP secret; like Logto, a user has at most one TOTP factor, so it replaces any other. */
export async function bindTotp(db: Queryable, userId: string, secret: string): Promise<MfaVerificationRecord> {
  await db.query(`delete from user_mfa_verifications where user_id = $1 and type = 'Totp'`, [userId]);
  const { rows } = await db.query<Row>(
    `insert into user_mfa_verifications (id, user_id, type, key, created_at) values ($1, $2, 'Totp', $3, $4) returning *`,
    [longId(), userId, secret, Date.now()],
  );
  const row = rows[0];
  if (!row) {
    throw new Error('insert returned no row');
  }
  return toRecord(row);
}

/**
 * Records that the code of `timeStep` was used, only if it is later than the last one used:
 * false means a replay (or a concurrent use of the same code), which Logto refuses.
 */
export async function spendTotpTimeStep(db: Queryable, verificationId: string, timeStep: number): Promise<boolean> {
  const { rows } = await db.query(
    `update user_mfa_verifications set last_used_time_step = $2
     where id = $1 and (last_used_time_step is null or last_used_time_step < $2) returning id`,
    [verificationId, timeStep],
  );
  return rows.length > 0;
}

export async function deleteMfaVerification(db: Queryable, userId: string, verificationId: string): Promise<boolean> {
  const { rows } = await db.query('delete from user_mfa_verifications where user_id = $1 and id = $2 returning id', [
    userId,
    verificationId,
  ]);
  return rows.length > 0;
}
