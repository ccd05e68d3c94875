import 'server-only';

import { userMessage } from '@/i18n/user-messages';
import { LogtoApiError, type LogtoInvitation, type ManagementApi } from '@/lib/logto/management-api';

import type { AdminDeps } from '../use-case';
import { invitationIdSchema } from './schemas';

// Organization invitations, on Logto's invitation API: Logto stores them, checks the invitee's
// e-mail on accept and adds the membership with the invitation's roles; the e-mail is sent by
// Logto's e-mail connector (the local Logto's outbox in development) with a link to this app's
// /invitations/[id] page, which is known only once the invitation exists.
// This module: an invitation as the app sees it (its status, its DTO, its link) and loading one.

export type InvitationStatus = 'pending' | 'expired' | 'accepted' | 'revoked';

export type InvitationDto = {
  id: string;
  email: string;
  role: string;
  status: InvitationStatus;
  createdAt: string;
  expiresAt: string;
};

export type InvitationDeps = AdminDeps & {
  /** APP_URL: the e-mail links to `${appUrl}/invitations/[id]`. */
  appUrl: string;
  /** The e-mail's language (`messagePayload.uiLocales`): the inviter's, as the app shows it to them. */
  uiLocales?: string;
  now?: () => number;
};

/** What Logto's invitation e-mail template gets: the link, and the language when known. */
export function invitationMessage(deps: Pick<InvitationDeps, 'appUrl' | 'uiLocales'>, invitationId: string): Record<string, string> {
  return { link: invitationLink(deps.appUrl, invitationId), ...(deps.uiLocales ? { uiLocales: deps.uiLocales } : {}) };
}

/** Logto keeps a pending invitation "Pending" past its expiry on some versions: judge by the date too. */
export function statusOf(invitation: LogtoInvitation, now: number): InvitationStatus {
  if (invitation.status === 'Expired') return 'expired';
  if (invitation.status === 'Pending') return invitation.expiresAt <= now ? 'expired' : 'pending';
  return invitation.status === 'Accepted' ? 'accepted' : 'revoked';
}

export function toInvitationDto(invitation: LogtoInvitation, now: number): InvitationDto {
  return {
    id: invitation.id,
    email: invitation.invitee,
    role: invitation.organizationRoles.map((role) => role.name).sort().join(', ') || 'member',
    status: statusOf(invitation, now),
    createdAt: new Date(invitation.createdAt).toISOString(),
    expiresAt: new Date(invitation.expiresAt).toISOString(),
  };
}

export function invitationLink(appUrl: string, invitationId: string) {
  return `${appUrl}/invitations/${encodeURIComponent(invitationId)}`;
}

/** Why an invitation can no longer be answered, resent or revoked. */
export const noLongerPending = (status: Exclude<InvitationStatus, 'pending'>) => userMessage('invitationNoLongerPending', { status });

/** The invitation, or null for an unknown or malformed id. */
export async function getInvitationOrNull(api: ManagementApi, invitationId: string) {
  if (!invitationIdSchema.safeParse(invitationId).success) return null;
  try {
    return await api.invitations.get(invitationId);
  } catch (error) {
    if (error instanceof LogtoApiError && error.status === 404) return null;
    throw error;
  }
}
