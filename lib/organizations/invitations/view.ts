import 'server-only';

import type { PeopleNames } from '@/lib/display-name';
import { LogtoApiError } from '@/lib/logto/management-api';

import { resolveUserNames } from '../activity';
import { getInvitationOrNull, toInvitationDto, type InvitationDeps, type InvitationDto } from './invitation';

// The invitation page's public view: anyone holding the link sees it, signed in or not.

export type InvitationViewDto = InvitationDto & {
  organization: { id: string; name: string; logoUrl: string | null };
  inviterName: string | null;
};

/**
 * What the invitation page shows to whoever holds the link (signed in or not): the invitee,
 * the organization's name and logo, the role and the state. Null when there is no such
 * invitation (or its organization is gone).
 */
export async function getInvitationView(
  deps: Pick<InvitationDeps, 'api' | 'now'> & { names: PeopleNames },
  invitationId: string,
): Promise<InvitationViewDto | null> {
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
    ? ((await resolveUserNames(deps.api, [invitation.inviterId], deps.names)).get(invitation.inviterId) ?? null)
    : null;
  return {
    ...toInvitationDto(invitation, (deps.now ?? Date.now)()),
    organization: { id: organization.id, name: organization.name, logoUrl: organization.branding.logoUrl ?? null },
    inviterName,
  };
}

