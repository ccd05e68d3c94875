import 'server-only';

import { userMessage } from '@/i18n/user-messages';
import { OWNER_ROLE } from '@/lib/auth/scopes';
import { AppError } from '@/lib/errors';
import { LogtoApiError, type ManagementApi } from '@/lib/logto/management-api';

// A member's roles as Logto has them now, and who the owners are: what the member and
// invitation rules ("only owners...", "never the last owner") read before they write.

/** The user's role names in the organization; null when they are not a member. */
export async function getMemberRoles(api: Pick<ManagementApi, 'organizations'>, organizationId: string, userId: string) {
  try {
    return (await api.organizations.getUserRoles(organizationId, userId)).map((role) => role.name).sort();
  } catch (error) {
    // Logto: 422 organization.require_membership for non-members, 404 for unknown users.
    if (error instanceof LogtoApiError && (error.status === 404 || error.code === 'organization.require_membership')) return null;
    throw error;
  }
}

export async function requireMemberRoles(api: Pick<ManagementApi, 'organizations'>, organizationId: string, userId: string) {
  const roles = await getMemberRoles(api, organizationId, userId);
  if (!roles) throw new AppError('not_found', userMessage('notAMember'));
  return roles;
}

/** Ids of every owner, across all pages of members. */
export async function listOwnerIds(api: Pick<ManagementApi, 'organizations'>, organizationId: string) {
  const members = await api.organizations.listAllMembers(organizationId);
  return members.filter((member) => member.organizationRoles.some((role) => role.name === OWNER_ROLE)).map((member) => member.id);
}

export async function isOwner(api: Pick<ManagementApi, 'organizations'>, organizationId: string, userId: string) {
  return (await getMemberRoles(api, organizationId, userId))?.includes(OWNER_ROLE) ?? false;
}
