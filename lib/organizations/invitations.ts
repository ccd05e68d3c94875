import 'server-only';

import { z } from 'zod';

import { OWNER_ROLE } from '@/lib/auth/scopes';
import type { SessionUser } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { LogtoApiError, type LogtoInvitation, type ManagementApi } from '@/lib/logto/management-api';

import { recordActivity, resolveUserNames } from './activity';
import { isOwner, parseInput, roleSchema, type AdminAccess, type AdminDeps } from './members';

// Organization invitations, on Logto's invitation API: Logto stores them, checks the invitee's
// e-mail on accept and adds the membership with the invitation's roles; the e-mail is sent by
// Logto's e-mail connector (the local Logto's outbox in development) with a link to this app's
// /invitations/[id] page, which is known only once the invitation exists.

export const MAX_INVITATIONS_AT_ONCE = 20;
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const emailSchema = z.email({ error: (issue) => `“${String(issue.input)}” is not a valid e-mail address.` });

/**
 * One or several addresses: a form's text (separated by commas, semicolons, spaces or new
 * lines) or a list. Lower-cased and de-duplicated; parsing the result again changes nothing.
 */
export const inviteEmailsSchema = z
  .union([z.string(), z.array(z.string())], { error: 'Enter at least one e-mail address.' })
  .transform((value) => {
    const parts = typeof value === 'string' ? value.split(/[\s,;]+/) : value;
    return [...new Set(parts.map((part) => part.trim().toLowerCase()).filter(Boolean))];
  })
  .pipe(
    z
      .array(emailSchema)
      .min(1, 'Enter at least one e-mail address.')
      .max(MAX_INVITATIONS_AT_ONCE, `Invite at most ${MAX_INVITATIONS_AT_ONCE} addresses at a time.`),
  );

export const inviteMembersSchema = z.object({ emails: inviteEmailsSchema, role: roleSchema });

export const invitationIdSchema = z
  .string({ error: 'Not an invitation.' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not an invitation.');

export const invitationActionSchema = z.object({ invitationId: invitationIdSchema });

export type InvitationStatus = 'pending' | 'expired' | 'accepted' | 'revoked';

export type InvitationDto = {
  id: string;
  email: string;
  role: string;
  status: InvitationStatus;
  createdAt: string;
  expiresAt: string;
};

export type InvitationViewDto = InvitationDto & {
  organization: { id: string; name: string; logoUrl: string | null };
  inviterName: string | null;
};

export type InviteResult = { invited: string[]; failed: { email: string; reason: string }[] };

export type InvitationDeps = AdminDeps & {
  /** APP_URL: the e-mail links to `${appUrl}/invitations/[id]`. */
  appUrl: string;
  now?: () => number;
};

/** Logto keeps a pending invitation "Pending" past its expiry on some versions: judge by the date too. */
function statusOf(invitation: LogtoInvitation, now: number): InvitationStatus {
  if (invitation.status === 'Expired') return 'expired';
  if (invitation.status === 'Pending') return invitation.expiresAt <= now ? 'expired' : 'pending';
  return invitation.status === 'Accepted' ? 'accepted' : 'revoked';
}

function toDto(invitation: LogtoInvitation, now: number): InvitationDto {
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

const forbidden = (message: string) => new AppError('forbidden', message);

function inviteFailureReason(error: unknown): string {
  if (error instanceof LogtoApiError) {
    if (error.code === 'entity.unique_integrity_violation') return 'already has a pending invitation';
    if (error.status === 422 && error.code === 'request.invalid_input') return 'is already a member';
    if (error.code === 'guard.invalid_input') return 'is not an address Logto accepts';
    if (error.isUnavailable) return 'Logto is not reachable right now; try again';
    console.error('[invitations] create failed:', error.status, error.code, error.message);
    return 'could not be invited';
  }
  console.error('[invitations] create failed:', error);
  return 'could not be invited';
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
  if (!access.can('invite:members')) throw forbidden("Your role in this organization doesn't allow inviting people.");
  const { api, db } = deps;
  const now = deps.now ?? Date.now;
  const { organizationId } = access;
  const { emails, role } = parseInput(inviteMembersSchema, input);
  if (role === OWNER_ROLE && !(await isOwner(api, organizationId, access.user.id))) throw forbidden('Only owners can invite owners.');

  const roles = await api.organizationRoles.list();
  const roleId = roles.find((candidate) => candidate.name === role)?.id;
  if (!roleId) throw new AppError('invalid_input', `This Logto tenant has no organization role named “${role}”. Run npm run logto:setup.`);

  const existing = await api.invitations.list({ organizationId });
  const result: InviteResult = { invited: [], failed: [] };
  for (const email of emails) {
    const earlier = existing.filter((invitation) => invitation.invitee.toLowerCase() === email && invitation.status === 'Pending');
    if (earlier.some((invitation) => statusOf(invitation, now()) === 'pending')) {
      result.failed.push({ email, reason: 'already has a pending invitation' });
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
      await api.invitations.resend(invitation.id, { link: invitationLink(deps.appUrl, invitation.id) });
    } catch (error) {
      console.error('[invitations] could not send the invitation e-mail:', error instanceof LogtoApiError ? `${error.status} ${error.code}` : error);
      // No e-mail, no invitation: the admin sees it failed and may simply try again.
      await deleteQuietly(api, invitation.id);
      result.failed.push({ email, reason: 'the invitation e-mail could not be sent' });
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
  if (!access.can('invite:members')) throw forbidden("Your role in this organization doesn't allow managing invitations.");
  const now = (deps.now ?? Date.now)();
  const invitations = await deps.api.invitations.list({ organizationId: access.organizationId });
  return invitations
    .map((invitation) => toDto(invitation, now))
    .filter((invitation) => invitation.status === 'pending' || invitation.status === 'expired')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The invitation if it belongs to this organization; another organization's is "not found". */
async function getOwnInvitation(api: ManagementApi, organizationId: string, invitationId: string) {
  const invitation = await getInvitationOrNull(api, invitationId);
  if (!invitation || invitation.organizationId !== organizationId) throw new AppError('not_found', 'No such invitation in this organization.');
  return invitation;
}

async function getInvitationOrNull(api: ManagementApi, invitationId: string) {
  if (!invitationIdSchema.safeParse(invitationId).success) return null;
  try {
    return await api.invitations.get(invitationId);
  } catch (error) {
    if (error instanceof LogtoApiError && error.status === 404) return null;
    throw error;
  }
}

const NO_LONGER_PENDING: Record<Exclude<InvitationStatus, 'pending'>, string> = {
  accepted: 'This invitation has already been accepted.',
  revoked: 'This invitation has been revoked.',
  expired: 'This invitation has expired.',
};

/** An invitation of this organization that the caller may manage (`invite:members`), with its state. */
async function loadManagedInvitation(deps: InvitationDeps, access: AdminAccess, input: z.infer<typeof invitationActionSchema>) {
  if (!access.can('invite:members')) throw forbidden("Your role in this organization doesn't allow managing invitations.");
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
  if (status === 'accepted' || status === 'revoked') throw new AppError('conflict', NO_LONGER_PENDING[status]);
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
  if (status === 'expired') throw new AppError('conflict', 'This invitation has expired. Revoke it and invite the address again.');
  if (status !== 'pending') throw new AppError('conflict', NO_LONGER_PENDING[status]);
  await deps.api.invitations.resend(invitation.id, { link: invitationLink(deps.appUrl, invitation.id) });
  return recordInvitationActivity(deps, access, invitation, 'invitation.resent');
}

/**
 * What the invitation page shows to whoever holds the link (signed in or not): the invitee,
 * the organization's name and logo, the role and the state. Null when there is no such
 * invitation (or its organization is gone).
 */
export async function getInvitationView(deps: Pick<InvitationDeps, 'api' | 'now'>, invitationId: string): Promise<InvitationViewDto | null> {
  const invitation = await getInvitationOrNull(deps.api, invitationId);
  if (!invitation) return null;
  let organization;
  try {
    organization = await deps.api.organizations.get(invitation.organizationId);
  } catch (error) {
    if (error instanceof LogtoApiError && error.status === 404) return null;
    throw error;
  }
  const inviterName = invitation.inviterId
    ? ((await resolveUserNames(deps.api, [invitation.inviterId])).get(invitation.inviterId) ?? null)
    : null;
  return {
    ...toDto(invitation, (deps.now ?? Date.now)()),
    organization: { id: organization.id, name: organization.name, logoUrl: organization.branding.logoUrl ?? null },
    inviterName,
  };
}

/** The pending invitation, addressed to `user`'s primary e-mail (as Logto will check it). */
async function requireInviteeInvitation(deps: Pick<InvitationDeps, 'api' | 'now'>, user: Pick<SessionUser, 'id'>, invitationId: string) {
  const invitation = await getInvitationOrNull(deps.api, invitationId);
  if (!invitation) throw new AppError('not_found', 'This invitation does not exist.');
  const status = statusOf(invitation, (deps.now ?? Date.now)());
  if (status !== 'pending') return { invitation, status };
  // The e-mail from Logto, not from the session's ID token, which may predate a change.
  const account = await deps.api.users.get(user.id);
  if (account.primaryEmail?.toLowerCase() !== invitation.invitee.toLowerCase()) {
    throw forbidden(`This invitation is for ${invitation.invitee}. Sign in with that e-mail address to answer it.`);
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
  if (status !== 'pending') throw new AppError('conflict', NO_LONGER_PENDING[status]);
  try {
    await deps.api.invitations.setStatus(invitation.id, 'Accepted', user.id);
  } catch (error) {
    if (error instanceof LogtoApiError && error.status === 422) {
      throw new AppError('conflict', 'This invitation can no longer be accepted. Ask for a new one.', { cause: error });
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
    metadata: { email: invitation.invitee, role: toDto(invitation, 0).role },
  });
  return { organizationId: invitation.organizationId };
}

/** Declines the invitation as its invitee: Logto marks it revoked; the log says "declined". */
export async function declineInvitation(deps: InvitationDeps, user: Pick<SessionUser, 'id'>, invitationId: string): Promise<void> {
  const { invitation, status } = await requireInviteeInvitation(deps, user, invitationId);
  if (status !== 'pending') throw new AppError('conflict', NO_LONGER_PENDING[status]);
  await deps.api.invitations.setStatus(invitation.id, 'Revoked');
  await recordActivity(deps.db, {
    organizationId: invitation.organizationId,
    actorId: user.id,
    action: 'invitation.declined',
    target: invitation.id,
    metadata: { email: invitation.invitee },
  });
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
