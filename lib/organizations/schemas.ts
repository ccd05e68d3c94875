import { z } from 'zod';

import { validationMessage } from '@/i18n/user-messages';
import { ORGANIZATION_ROLE_NAMES, type OrganizationRole } from '@/lib/auth/scopes';

// Field rules shared by the organization forms: its name and description (create, settings),
// a member's role (members, invitations).

export const organizationNameSchema = z
  .string({ error: validationMessage('organizationNameRequired') })
  .trim()
  .min(1, validationMessage('organizationNameRequired'))
  .max(128, validationMessage('tooLong'));

/** Optional; blank becomes null. */
export const organizationDescriptionSchema = z
  .string()
  .trim()
  .max(256, validationMessage('tooLong'))
  .nullish()
  .transform((value) => value || null);

export const organizationRoleSchema = z.enum(ORGANIZATION_ROLE_NAMES as [OrganizationRole, ...OrganizationRole[]], {
  error: validationMessage('organizationRole'),
});
