import 'server-only';

import { userMessage } from '@/i18n/user-messages';
import type { SessionUser } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { LogtoApiError } from '@/lib/logto/management-api';

import { recordActivity } from '../activity';
import { forbidden } from '../use-case';
import { getInvitationOrNull, noLongerPending, statusOf, toInvitationDto, type InvitationDeps } from './invitation';

// What the invitee does with an invitation addressed to them: accept or decline it.

/** The pending invitation, addressed to `user`'s primary e-mail (as Logto will check it). */
async function requireInviteeInvitation(deps: Pick<InvitationDeps, 'api' | 'now'>, user: Pick<SessionUser, 'id'>, invitationId: string) {
  const invitation = await getInvitationOrNull(deps.api, invitationId);
  if (!invitation) throw new AppError('not_found', userMessage('invitationNotFound'));
  const status = statusOf(invitation, (deps.now ?? Date.now)());
  if (status !== 'pending') return { invitation, status };
  // The e-mail from Logto, not from the session's ID token, which may predate a change.
  const account = await deps.api.users.get(user.id);
  if (account.primaryEmail?.toLowerCase() !== invitation.invitee.toLowerCase()) {
    throw forbidden(userMessage('invitationForSomeoneElse', { email: invitation.invitee }));
  }
  return { invitation, status };
}

/**
 * Accepts the invitation as `user`: Logto checks the e-mail again, adds the membership and the
 * invitation's roles. Accepting twice (a double submit) lands in the same organization.
 */
export async function acceptInvitation(
  deps: InvitationDeps,
  user: Pick<SessionUser, 'id'>,
  invitationId: string,
): Promise<{ organizationId: string }> {
  const { invitation, status } = await requireInviteeInvitation(deps, user, invitationId);
  if (status === 'accepted' && invitation.acceptedUserId === user.id) return { organizationId: invitation.organizationId };
  if (status !== 'pending') throw new AppError('conflict', noLongerPending(status));
  try {
    await deps.api.invitations.setStatus(invitation.id, 'Accepted', user.id);
  } catch (error) {
    if (error instanceof LogtoApiError && error.status === 422) {
      throw new AppError('conflict', userMessage('invitationCannotBeAccepted'), { cause: error });
    }
    throw error;
  }
  // A cached organization token from an earlier membership must not outlive this one's roles.
  await deps.tokens.forgetOrganizationTokens(user.id, invitation.organizationId);
  await recordActivity(deps.db, {
    organizationId: invitation.organizationId,
    actorId: user.id,
    action: 'invitation.accepted',
    target: invitation.id,
    metadata: { email: invitation.invitee, role: toInvitationDto(invitation, 0).role },
  });
  return { organizationId: invitation.organizationId };
}

/** Declines the invitation as its invitee: Logto marks it revoked; the log says "declined". */
export async function declineInvitation(deps: InvitationDeps, user: Pick<SessionUser, 'id'>, invitationId: string): Promise<void> {
  const { invitation, status } = await requireInviteeInvitation(deps, user, invitationId);
  if (status !== 'pending') throw new AppError('conflict', noLongerPending(status));
  await deps.api.invitations.setStatus(invitation.id, 'Revoked');
  await recordActivity(deps.db, {
    organizationId: invitation.organizationId,
    actorId: user.id,
    action: 'invitation.declined',
    target: invitation.id,
    metadata: { email: invitation.invitee },
  });
}

