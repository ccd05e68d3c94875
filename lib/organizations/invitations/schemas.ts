import { z } from 'zod';

import { validationMessage } from '@/i18n/user-messages';

import { organizationRoleSchema } from '../schemas';

// What an invitation form and an invitation action accept. No server code: the limits are
// shown in the form too.

export const MAX_INVITATIONS_AT_ONCE = 20;

const emailFormat = z.email();

/** The message names the address: it travels as the issue's `params`, for any language. */
const emailSchema = z.string().superRefine((value, context) => {
  if (!emailFormat.safeParse(value).success) context.addIssue({ code: 'custom', message: validationMessage('emailInvalid'), params: { input: value } });
});

/**
 * One or several addresses: a form's text (separated by commas, semicolons, spaces or new
 * lines) or a list. Lower-cased and de-duplicated; parsing the result again changes nothing.
 */
export const inviteEmailsSchema = z
  .union([z.string(), z.array(z.string())], { error: validationMessage('emailsRequired') })
  .transform((value) => {
    const parts = typeof value === 'string' ? value.split(/[\s,;]+/) : value;
    return [...new Set(parts.map((part) => part.trim().toLowerCase()).filter(Boolean))];
  })
  .pipe(
    z
      .array(emailSchema)
      .min(1, validationMessage('emailsRequired'))
      .max(MAX_INVITATIONS_AT_ONCE, validationMessage('tooManyEmails')),
  );

export const inviteMembersSchema = z.object({ emails: inviteEmailsSchema, role: organizationRoleSchema });

export const invitationIdSchema = z
  .string({ error: validationMessage('notAnInvitation') })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, validationMessage('notAnInvitation'));

export const invitationActionSchema = z.object({ invitationId: invitationIdSchema });
