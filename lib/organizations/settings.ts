import 'server-only';

import { z } from 'zod';

import { userMessage, validationMessage } from '@/i18n/user-messages';
import { deleteOrganizationApiKeyApps } from '@/lib/api-keys/api-keys';
import { AppError } from '@/lib/errors';
import type { LogtoOrganization } from '@/lib/logto/management-api';

import { recordActivity } from './activity';
import { organizationDescriptionSchema, organizationNameSchema } from './schemas';
import { revokeAllPendingInvitations } from './invitations/admin';
import { forgetAllMembersTokens } from './members';
import { parseInput, type AdminAccess, type AdminDeps } from './use-case';
import { removeOrganizationData } from './organization-data';

// An organization's own settings (Logto keeps them: name, description, branding.logoUrl,
// isMfaRequired) and its deletion, which also removes everything this app stores for it.

const LOGO_URL_ERROR = validationMessage('logoUrl');

// The schemas accept a form's strings and their own output alike, so a use case can check its
// input again whatever called it.
/** The normalized URL if `value` is an https URL on a public-looking domain, else null. */
export function httpsLogoUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  // Credentials in a logo URL would be shown to every visitor of an invitation.
  if (url.protocol !== 'https:' || url.username || url.password || !z.regexes.domain.test(url.hostname)) return null;
  return url.href;
}

export const logoUrlSchema = z
  .string()
  .trim()
  .max(2048, validationMessage('tooLong'))
  .nullish()
  .transform((value, context) => {
    if (!value) return null;
    const url = httpsLogoUrl(value);
    if (url === null) context.addIssue({ code: 'custom', message: LOGO_URL_ERROR });
    return url;
  });

export const organizationSettingsSchema = z.object({
  name: organizationNameSchema,
  description: organizationDescriptionSchema,
  logoUrl: logoUrlSchema,
  // A checked checkbox sends "on"; an unchecked one is absent from the form.
  isMfaRequired: z
    .union([z.boolean(), z.string()])
    .optional()
    .transform((value) => value === true || value === 'on' || value === 'true'),
});

export type OrganizationSettingsInput = z.input<typeof organizationSettingsSchema>;

export const deleteOrganizationSchema = z.object({
  confirmName: z.string({ error: validationMessage('confirmNameRequired') }).min(1, validationMessage('confirmNameRequired')),
});

export type OrganizationSettingsDto = {
  id: string;
  name: string;
  description: string | null;
  logoUrl: string | null;
  isMfaRequired: boolean;
};

function toDto(organization: LogtoOrganization): OrganizationSettingsDto {
  return {
    id: organization.id,
    name: organization.name,
    description: organization.description,
    logoUrl: organization.branding.logoUrl ?? null,
    isMfaRequired: organization.isMfaRequired,
  };
}

/** The settings as the form shows them (`manage:organization` or `delete:organization`). */
export async function getOrganizationSettings(deps: Pick<AdminDeps, 'api'>, access: AdminAccess): Promise<OrganizationSettingsDto> {
  if (!access.can('manage:organization') && !access.can('delete:organization')) {
    throw new AppError('forbidden', userMessage('roleCannotViewSettings'));
  }
  return toDto(await deps.api.organizations.get(access.organizationId));
}

/**
 * Saves the settings (`manage:organization`); logs which ones changed. Turning on required
 * two-step verification drops every member's cached organization token, so it applies on
 * their next request rather than up to an hour later.
 */
export async function updateOrganizationSettings(
  deps: AdminDeps,
  access: AdminAccess,
  input: OrganizationSettingsInput,
): Promise<{ settings: OrganizationSettingsDto; changes: string[] }> {
  if (!access.can('manage:organization')) throw new AppError('forbidden', userMessage('roleCannotChangeSettings'));
  const { api } = deps;
  const next = parseInput(organizationSettingsSchema, input);
  const current = await api.organizations.get(access.organizationId);
  const before = toDto(current);

  const patch: Parameters<typeof api.organizations.update>[1] = {};
  const changes: string[] = [];
  if (next.name !== before.name) {
    patch.name = next.name;
    changes.push('name');
  }
  if (next.description !== before.description) {
    patch.description = next.description;
    changes.push('description');
  }
  if (next.logoUrl !== before.logoUrl) {
    // PATCH replaces `branding` whole: keep the other branding values as they are.
    const branding: Record<string, string> = {};
    for (const [key, value] of Object.entries(current.branding)) {
      if (key !== 'logoUrl' && typeof value === 'string') branding[key] = value;
    }
    if (next.logoUrl) branding.logoUrl = next.logoUrl;
    patch.branding = branding;
    changes.push('logo');
  }
  if (next.isMfaRequired !== before.isMfaRequired) {
    patch.isMfaRequired = next.isMfaRequired;
    changes.push('two-step verification requirement');
  }
  if (changes.length === 0) return { settings: before, changes };

  const updated = await api.organizations.update(access.organizationId, patch);
  if (patch.isMfaRequired === true) await forgetAllMembersTokens(deps, access.organizationId);
  await recordActivity(deps.db, {
    organizationId: access.organizationId,
    actorId: access.user.id,
    action: 'organization.updated',
    target: access.organizationId,
    metadata: { changes, name: updated.name },
  });
  return { settings: toDto(updated), changes };
}

/**
 * Deletes the organization (`delete:organization`) once the caller typed its name: revokes its
 * pending invitations, deletes it in Logto, then removes its projects, activity and creation
 * records here and drops every former member's cached organization tokens.
 */
export async function deleteOrganization(
  deps: AdminDeps,
  access: AdminAccess,
  input: z.infer<typeof deleteOrganizationSchema>,
): Promise<{ name: string }> {
  if (!access.can('delete:organization')) throw new AppError('forbidden', userMessage('onlyOwnersDelete'));
  const { api, db } = deps;
  const { organizationId } = access;
  const { confirmName } = parseInput(deleteOrganizationSchema, input);
  const organization = await api.organizations.get(organizationId);
  if (confirmName.trim() !== organization.name.trim()) {
    throw new AppError('invalid_input', userMessage('confirmNameMismatch', { name: organization.name }));
  }

  const members = await api.organizations.listAllMembers(organizationId);
  await revokeAllPendingInvitations(api, organizationId);
  await deleteOrganizationApiKeyApps(deps, organizationId);
  await api.organizations.delete(organizationId);
  try {
    await removeOrganizationData(db, organizationId);
  } catch (error) {
    // IMPORTANT: the organization is gone from Logto, so nobody can reach these rows; log the id
    // so they can be removed by hand.
    console.error(`[organizations] deleted ${organizationId} in Logto but not its app data:`, error);
  }
  await forgetAllMembersTokens(deps, organizationId, members);
  return { name: organization.name };
}
