import { z } from 'zod';

import { organizationRoleSchema } from '../schemas';

// What an invitation form and an invitation action accept. No server code: the limits are
// shown in the form too.

export const MAX_INVITATIONS_AT_ONCE = 20;

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

export const inviteMembersSchema = z.object({ emails: inviteEmailsSchema, role: organizationRoleSchema });

export const invitationIdSchema = z
  .string({ error: 'Not an invitation.' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not an invitation.');

export const invitationActionSchema = z.object({ invitationId: invitationIdSchema });
