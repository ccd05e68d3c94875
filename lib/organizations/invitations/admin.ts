import 'server-only';

import type { z } from 'zod';

import { userMessage } from '@/i18n/user-messages';
import { OWNER_ROLE } from '@/lib/auth/scopes';
import { AppError } from '@/lib/errors';
import { LogtoApiError, type LogtoInvitation, type ManagementApi } from '@/lib/logto/management-api';

import { recordActivity } from '../activity';
import { isOwner } from '../member-roles';
import { forbidden, parseInput, type AdminAccess } from '../use-case';
import {
  getInvitationOrNull,
  invitationMessage,
  noLongerPending,
  statusOf,
  toInvitationDto,
  type InvitationDeps,
  type InvitationDto,
} from './invitation';
import { invitationActionSchema, inviteMembersSchema } from './schemas';

// What an organization's admins do with its invitations (`invite:members`): invite, list the
// pending ones, resend, revoke; and revoking them all before the organization is deleted.

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Why an address was not invited; the form says it in the inviter's language (actions.notInvitedEntry). */
export type InviteFailure = 'alreadyInvited' | 'alreadyMember' | 'addressRefused' | 'logtoUnavailable' | 'emailNotSent' | 'failed';

export type InviteResult = { invited: string[]; failed: { email: string; reason: InviteFailure }[] };

function inviteFailureReason(error: unknown): InviteFailure {
  if (error instanceof LogtoApiError) {
    if (error.code === 'entity.unique_integrity_violation') return 'alreadyInvited';
    if (error.status === 422 && error.code === 'request.invalid_input') return 'alreadyMember';
    if (error.code === 'guard.invalid_input') return 'addressRefused';
    if (error.isUnavailable) return 'logtoUnavailable';
    console.error('[invitations] create failed:', error.status, error.code, error.message);
    return 'failed';
  }
  console.error('[invitations] create failed:', error);
  return 'failed';
}

/**
 * Invites each address with `role` (`invite:members`; only owners invite owners) for seven
 * days, one Logto invitation and one e-mail each. An address that fails (already a member,
 * already invited, e-mail not sent) is reported and leaves no invitation behind.
 */
export async function inviteMembers(
  deps: InvitationDeps,
  access: AdminAccess,
  input: z.input<typeof inviteMembersSchema>,
): Promise<InviteResult> {
  if (!access.can('invite:members')) throw forbidden(userMessage('roleCannotInvite'));
  const { api, db } = deps;
  const now = deps.now ?? Date.now;
  const { organizationId } = access;
  const { emails, role } = parseInput(inviteMembersSchema, input);
  if (role === OWNER_ROLE && !(await isOwner(api, organizationId, access.user.id))) throw forbidden(userMessage('onlyOwnersInviteOwners'));

  const roles = await api.organizationRoles.list();
  const roleId = roles.find((candidate) => candidate.name === role)?.id;
  if (!roleId) throw new AppError('invalid_input', userMessage('invitationRoleMissing', { role }));

  const existing = await api.invitations.list({ organizationId });
  const result: InviteResult = { invited: [], failed: [] };
  for (const email of emails) {
    const earlier = existing.filter((invitation) => invitation.invitee.toLowerCase() === email && invitation.status === 'Pending');
    if (earlier.some((invitation) => statusOf(invitation, now()) === 'pending')) {
      result.failed.push({ email, reason: 'alreadyInvited' });
      continue;
    }
    // An expired one still blocks a new invitation for the same address in Logto: retire it.
    for (const stale of earlier) await retireQuietly(api, stale.id);

    let invitation: LogtoInvitation;
    try {
      invitation = await api.invitations.create({
        invitee: email,
        organizationId,
        expiresAt: now() + INVITATION_TTL_MS,
        organizationRoleIds: [roleId],
        inviterId: access.user.id,
      });
    } catch (error) {
      result.failed.push({ email, reason: inviteFailureReason(error) });
      continue;
    }
    try {
      await api.invitations.resend(invitation.id, invitationMessage(deps, invitation.id));
    } catch (error) {
      console.error('[invitations] could not send the invitation e-mail:', error instanceof LogtoApiError ? `${error.status} ${error.code}` : error);
      // No e-mail, no invitation: the admin sees it failed and may simply try again.
      await deleteQuietly(api, invitation.id);
      result.failed.push({ email, reason: 'emailNotSent' });
      continue;
    }
    await recordActivity(db, {
      organizationId,
      actorId: access.user.id,
      action: 'member.invited',
      target: invitation.id,
      metadata: { email, role },
    });
    result.invited.push(email);
  }
  return result;
}

async function retireQuietly(api: ManagementApi, invitationId: string) {
  try {
    await api.invitations.setStatus(invitationId, 'Revoked');
  } catch {
    await deleteQuietly(api, invitationId);
  }
}

async function deleteQuietly(api: ManagementApi, invitationId: string) {
  try {
    await api.invitations.delete(invitationId);
  } catch (error) {
    console.error(`[invitations] could not delete invitation ${invitationId}:`, error);
  }
}

/** Pending (and expired, not yet replaced) invitations of the organization, newest first. */
export async function listPendingInvitations(
  deps: Pick<InvitationDeps, 'api' | 'now'>,
  access: AdminAccess,
): Promise<InvitationDto[]> {
  if (!access.can('invite:members')) throw forbidden(userMessage('roleCannotManageInvitations'));
  const now = (deps.now ?? Date.now)();
  const invitations = await deps.api.invitations.list({ organizationId: access.organizationId });
  return invitations
    .map((invitation) => toInvitationDto(invitation, now))
    .filter((invitation) => invitation.status === 'pending' || invitation.status === 'expired')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The invitation if it belongs to this organization; another organization's is "not found". */
async function getOwnInvitation(api: ManagementApi, organizationId: string, invitationId: string) {
  const invitation = await getInvitationOrNull(api, invitationId);
  if (!invitation || invitation.organizationId !== organizationId) throw new AppError('not_found', userMessage('invitationNotInOrganization'));
  return invitation;
}

/** An invitation of this organization that the caller may manage (`invite:members`), with its state. */
async function loadManagedInvitation(deps: InvitationDeps, access: AdminAccess, input: z.infer<typeof invitationActionSchema>) {
  if (!access.can('invite:members')) throw forbidden(userMessage('roleCannotManageInvitations'));
  const { invitationId } = parseInput(invitationActionSchema, input);
  const invitation = await getOwnInvitation(deps.api, access.organizationId, invitationId);
  return { invitation, status: statusOf(invitation, (deps.now ?? Date.now)()) };
}

async function recordInvitationActivity(
  deps: InvitationDeps,
  access: AdminAccess,
  invitation: LogtoInvitation,
  action: 'invitation.revoked' | 'invitation.resent',
): Promise<{ email: string }> {
  await recordActivity(deps.db, {
    organizationId: access.organizationId,
    actorId: access.user.id,
    action,
    target: invitation.id,
    metadata: { email: invitation.invitee },
  });
  return { email: invitation.invitee };
}

/** Revokes a pending invitation (`invite:members`); its link stops working. */
export async function revokeInvitation(
  deps: InvitationDeps,
  access: AdminAccess,
  input: z.infer<typeof invitationActionSchema>,
): Promise<{ email: string }> {
  const { invitation, status } = await loadManagedInvitation(deps, access, input);
  if (status === 'accepted' || status === 'revoked') throw new AppError('conflict', noLongerPending(status));
  await deps.api.invitations.setStatus(invitation.id, 'Revoked');
  return recordInvitationActivity(deps, access, invitation, 'invitation.revoked');
}

/** Sends a pending invitation's e-mail again (`invite:members`). */
export async function resendInvitation(
  deps: InvitationDeps,
  access: AdminAccess,
  input: z.infer<typeof invitationActionSchema>,
): Promise<{ email: string }> {
  const { invitation, status } = await loadManagedInvitation(deps, access, input);
  if (status === 'expired') throw new AppError('conflict', userMessage('invitationExpiredResend'));
  if (status !== 'pending') throw new AppError('conflict', noLongerPending(status));
  await deps.api.invitations.resend(invitation.id, invitationMessage(deps, invitation.id));
  return recordInvitationActivity(deps, access, invitation, 'invitation.resent');
}

/** Revokes every pending invitation of an organization (before it is deleted). */
export async function revokeAllPendingInvitations(api: ManagementApi, organizationId: string) {
  const invitations = await api.invitations.list({ organizationId });
  for (const invitation of invitations) {
    if (invitation.status !== 'Pending') continue;
    try {
      await api.invitations.setStatus(invitation.id, 'Revoked');
    } catch (error) {
      // An expired one is dead anyway (Logto may refuse to change it); anything else is not fine.
      if (statusOf(invitation, Date.now()) !== 'expired') throw error;
    }
  }
}
