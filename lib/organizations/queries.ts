import 'server-only';

import { cache } from 'react';

import { OWNER_ROLE } from '@/lib/auth/scopes';
import type { LogtoUserOrganization } from '@/lib/logto/management-api';
import { getMirrorReadManagementApi } from '@/lib/mirror/app-mirror';

export type OrganizationSummary = {
  id: string;
  name: string;
  description: string | null;
  logoUrl: string | null;
  roles: string[];
  isOwner: boolean;
  isMfaRequired: boolean;
};

function toSummary(organization: LogtoUserOrganization): OrganizationSummary {
  const roles = organization.organizationRoles.map((role) => role.name).sort();
  return {
    id: organization.id,
    name: organization.name,
    description: organization.description,
    logoUrl: organization.branding.logoUrl ?? null,
    roles,
    isOwner: roles.includes(OWNER_ROLE),
    isMfaRequired: organization.isMfaRequired,
  };
}

/**
 * The user's organizations with their roles, from the mirror of Logto (kept fresh by webhooks
 * and expiry) rather than the ID token, whose `organizations` claim is only as fresh as the
 * last sign-in or refresh. Once per request.
 */
export const listUserOrganizations = cache(async (userId: string): Promise<OrganizationSummary[]> => {
  const organizations = await getMirrorReadManagementApi().users.organizations(userId);
  return organizations.map(toSummary).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
});

/** The organization if `userId` is a member of it, else null. */
export async function getMemberOrganization(userId: string, organizationId: string) {
  const organizations = await listUserOrganizations(userId);
  return organizations.find((organization) => organization.id === organizationId) ?? null;
}
