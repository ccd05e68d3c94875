import { randomBytes } from 'node:crypto';

import type Provider from 'oidc-provider';
import qrcode from 'qrcode';
import { z } from 'zod';

import type { Database, Queryable } from '../db/database.js';
import { ApiError, noContent, ok, readJsonBody } from '../http/responses.js';
import type { Router } from '../http/router.js';
import { parseInput } from '../http/validation.js';
import { generateTotpSecret, matchTotp, totpKeyUri } from '../mfa/totp.js';
import { bindTotp, findTotp, listMfaVerifications, spendTotpTimeStep } from '../store/mfa-verifications.js';
import { findUserById, type UserRecord } from '../store/users.js';
import { loadExperience, type ExperienceState } from './state.js';

// The TOTP part of Logto's Experience API, for a sign-in experience with the TOTP factor on,
// MFA policy "no prompt" and the organization-required MFA policy "mandatory":
// - a user with a TOTP factor verifies a code before submit (403
//   `session.mfa.require_mfa_verification` otherwise);
// - a user without one who is a member of an organization that requires MFA binds TOTP before
//   submit (422 `user.missing_mfa`, not skippable); anyone else is not asked.
// Routes: POST verification/totp/secret, POST verification/totp/verify, POST profile/mfa.

const verifyBody = z.object({ code: z.string().min(1), verificationId: z.string().min(1).optional() });
const bindBody = z.object({ type: z.literal('Totp'), verificationId: z.string().min(1) });

const AVAILABLE_FACTORS = ['Totp'];

function identifierNotFound(): ApiError {
  return new ApiError(404, 'session.identifier_not_found', 'User identifier not found. Please go back and sign in again.');
}

function verificationNotFound(): ApiError {
  return new ApiError(
    404,
    'session.verification_session_not_found',
    'The verification was not successful. Restart the verification flow and try again.',
  );
}

export function invalidTotpCode(): ApiError {
  return new ApiError(400, 'session.mfa.invalid_totp_code', 'Invalid TOTP code.');
}

/** What authenticator apps show as the account: Logto's display name order. */
export function totpAccountName(user: UserRecord): string {
  return user.username ?? user.primaryEmail ?? user.primaryPhone ?? user.name ?? 'Unnamed User';
}

/** Logto's `secretQrCode`: a PNG data URL of the otpauth:// key URI, issuer = the request's host name. */
export async function totpQrCode(secret: string, user: UserRecord, issuer: string): Promise<string> {
  return qrcode.toDataURL(totpKeyUri(secret, totpAccountName(user), issuer));
}

/** Checks a code against the user's bound TOTP, once per time step (a replayed code is refused). */
export async function verifyUserTotp(db: Queryable, userId: string, code: string): Promise<void> {
  const factor = await findTotp(db, userId);
  const step = factor ? matchTotp(factor.key, code) : undefined;
  if (!factor || step === undefined || !(await spendTotpTimeStep(db, factor.id, step))) {
    throw invalidTotpCode();
  }
}

async function isMemberOfMfaRequiredOrganization(db: Queryable, userId: string): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from organization_users ou join organizations o on o.id = ou.organization_id
     where ou.user_id = $1 and o.is_mfa_required limit 1`,
    [userId],
  );
  return rows.length > 0;
}

/**
 * Submit's MFA rules (see the top of this file); binds a verified new TOTP secret. Throws
 * Logto's errors when MFA is still owed.
 */
export async function completeMfaAtSubmit(db: Queryable, state: ExperienceState, userId: string): Promise<void> {
  const factors = await listMfaVerifications(db, userId);
  if (factors.length > 0) {
    const verified = Object.values(state.verifications).some(
      (record) => record.type === 'Totp' && record.userId === userId && record.verified && record.secret === undefined,
    );
    if (!verified) {
      throw new ApiError(403, 'session.mfa.require_mfa_verification', 'Mfa verification is required to sign in.', {
        data: { availableFactors: AVAILABLE_FACTORS, maskedIdentifiers: {} },
      });
    }
    return;
  }
  if (state.bindTotpSecret) {
    await bindTotp(db, userId, state.bindTotpSecret);
    return;
  }
  if (await isMemberOfMfaRequiredOrganization(db, userId)) {
    throw new ApiError(422, 'user.missing_mfa', 'You need to bind additional MFA before signing-in.', {
      data: { availableFactors: AVAILABLE_FACTORS },
    });
  }
}

function newVerificationId(): string {
  return randomBytes(16).toString('base64url');
}

export function registerMfaExperienceRoutes(
  router: Router,
  { provider, database, hostname }: { provider: Provider; database: Database; hostname: string },
): void {
  router.post('/api/experience/verification/totp/secret', async ({ req, res }) => {
    const experience = await loadExperience(provider, req, res);
    await readJsonBody(req);
    const userId = experience.state.identifiedUserId;
    const user = userId ? await findUserById(database, userId) : undefined;
    if (!user) {
      throw identifierNotFound();
    }
    const secret = generateTotpSecret();
    const verificationId = newVerificationId();
    await experience.save({
      ...experience.state,
      verifications: { ...experience.state.verifications, [verificationId]: { type: 'Totp', userId: user.id, secret, verified: false } },
    });
    return ok({ verificationId, secret, secretQrCode: await totpQrCode(secret, user, hostname) });
  });

  router.post('/api/experience/verification/totp/verify', async ({ req, res }) => {
    const experience = await loadExperience(provider, req, res);
    const { code, verificationId } = parseInput(verifyBody, await readJsonBody(req));
    const userId = experience.state.identifiedUserId;
    if (!userId) {
      throw identifierNotFound();
    }
    // With a verification id: the code of a new secret being enrolled.
    if (verificationId) {
      const record = experience.state.verifications[verificationId];
      if (record?.type !== 'Totp' || record.userId !== userId || !record.secret) {
        throw verificationNotFound();
      }
      if (matchTotp(record.secret, code) === undefined) {
        throw invalidTotpCode();
      }
      await experience.save({
        ...experience.state,
        verifications: { ...experience.state.verifications, [verificationId]: { ...record, verified: true } },
      });
      return ok({ verificationId });
    }
    // Without: the code of the user's bound TOTP.
    await verifyUserTotp(database, userId, code);
    const id = newVerificationId();
    await experience.save({
      ...experience.state,
      verifications: { ...experience.state.verifications, [id]: { type: 'Totp', userId, verified: true } },
    });
    return ok({ verificationId: id });
  });

  router.post('/api/experience/profile/mfa', async ({ req, res }) => {
    const experience = await loadExperience(provider, req, res);
    const { verificationId } = parseInput(bindBody, await readJsonBody(req));
    const userId = experience.state.identifiedUserId;
    if (!userId) {
      throw identifierNotFound();
    }
    const record = experience.state.verifications[verificationId];
    if (record?.type !== 'Totp' || record.userId !== userId || !record.secret) {
      throw verificationNotFound();
    }
    if (!record.verified) {
      throw new ApiError(400, 'session.verification_failed', 'The verification was not successful.');
    }
    if (await findTotp(database, userId)) {
      throw new ApiError(422, 'user.totp_already_in_use', 'TOTP is already in use.');
    }
    await experience.save({ ...experience.state, bindTotpSecret: record.secret });
    return noContent();
  });
}
