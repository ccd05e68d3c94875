import { z } from 'zod';

import { ORGANIZATION_ROLE_NAMES, type OrganizationRole } from '@/lib/auth/scopes';

// Field rules shared by the organization forms: its name and description (create, settings),
// a member's role (members, invitations).

export const organizationNameSchema = z
  .string({ error: 'Enter a name for the organization.' })
  .trim()
  .min(1, 'Enter a name for the organization.')
  .max(128, 'Use at most 128 characters.');

/** Optional; blank becomes null. */
export const organizationDescriptionSchema = z
  .string()
  .trim()
  .max(256, 'Use at most 256 characters.')
  .nullish()
  .transform((value) => value || null);

export const organizationRoleSchema = z.enum(ORGANIZATION_ROLE_NAMES as [OrganizationRole, ...OrganizationRole[]], {
  error: `Choose one of the roles: ${ORGANIZATION_ROLE_NAMES.join(', ')}.`,
});
