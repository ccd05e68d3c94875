import 'server-only';

import { z } from 'zod';

import { userMessage } from '@/i18n/user-messages';
import { AppError } from '@/lib/errors';
import type { LogtoOrganizationColor } from '@/lib/logto/management-api';

import { recordActivity } from './activity';
import { httpsLogoUrl } from './settings';
import { parseInput, type AdminAccess, type AdminDeps } from './use-case';

// An organization's sign-in branding, as Logto stores it on the organization: `branding`
// (logoUrl, darkLogoUrl, favicon, darkFavicon) and `color` (primaryColor, darkPrimaryColor,
// isDarkModeEnabled). Logto's sign-in page shows them when the authorization request carries
// `organization_id`. The light logo is the settings form's "Logo" field (settings.ts); this
// module owns the rest, and every URL must be https (logoUrlSchema).

export const BRANDING_URL_FIELDS = ['darkLogoUrl', 'favicon', 'darkFavicon'] as const;
export type BrandingUrlField = (typeof BRANDING_URL_FIELDS)[number];

/** The refusals, in English; the settings action passes the user's language (`brandingSettings.errors`). */
export const BRANDING_MESSAGES = {
  url: 'Enter an https:// address of an image, or leave it empty.',
  tooLong: 'Use at most 2048 characters.',
  color: 'Enter a colour as #RRGGBB (for example #3366AA), or leave it empty.',
};
export type BrandingMessages = typeof BRANDING_MESSAGES;

/** An https image URL (the rules of the settings' logo: no credentials, a public-looking host); empty means none. */
const imageUrlSchemaWith = (messages: BrandingMessages) =>
  z
    .string()
    .trim()
    .max(2048, messages.tooLong)
    .nullish()
    .transform((value, context) => {
      if (!value) return null;
      const url = httpsLogoUrl(value);
      if (url === null) context.addIssue({ code: 'custom', message: messages.url });
      return url;
    });

/** Logto's colour format (`#abc` or `#aabbcc`), stored in upper case; empty means none. */
const hexColorSchemaWith = (messages: BrandingMessages) =>
  z
    .string()
    .trim()
    .nullish()
    .transform((value, context) => {
      if (!value) return null;
      if (!/^#[\da-f]{3}(?:[\da-f]{3})?$/i.test(value)) {
        context.addIssue({ code: 'custom', message: messages.color });
        return null;
      }
      return value.toUpperCase();
    });

export const brandingSchemaWith = (messages: BrandingMessages) =>
  z.object({
    darkLogoUrl: imageUrlSchemaWith(messages),
    favicon: imageUrlSchemaWith(messages),
    darkFavicon: imageUrlSchemaWith(messages),
    primaryColor: hexColorSchemaWith(messages),
    darkPrimaryColor: hexColorSchemaWith(messages),
    // A checked checkbox sends "on"; an unchecked one is absent from the form.
    isDarkModeEnabled: z
      .union([z.boolean(), z.string()])
      .optional()
      .transform((value) => value === true || value === 'on' || value === 'true'),
  });

export const brandingSchema = brandingSchemaWith(BRANDING_MESSAGES);
export type BrandingInput = z.input<typeof brandingSchema>;

export type BrandingDto = {
  logoUrl: string | null;
  darkLogoUrl: string | null;
  favicon: string | null;
  darkFavicon: string | null;
  primaryColor: string | null;
  darkPrimaryColor: string | null;
  isDarkModeEnabled: boolean;
};

function requireManager(access: AdminAccess) {
  if (!access.can('manage:organization')) throw new AppError('forbidden', userMessage('roleCannotChangeBranding'));
}

/** The branding as the form shows it (`manage:organization`); read from Logto, as the mirror keeps no colours. */
export async function getOrganizationBranding(deps: Pick<AdminDeps, 'api'>, access: AdminAccess): Promise<BrandingDto> {
  requireManager(access);
  const { branding, color } = await deps.api.organizations.getBranding(access.organizationId);
  return {
    logoUrl: branding.logoUrl ?? null,
    darkLogoUrl: branding.darkLogoUrl ?? null,
    favicon: branding.favicon ?? null,
    darkFavicon: branding.darkFavicon ?? null,
    primaryColor: color.primaryColor ?? null,
    darkPrimaryColor: color.darkPrimaryColor ?? null,
    isDarkModeEnabled: color.isDarkModeEnabled ?? false,
  };
}

/**
 * Saves the branding (`manage:organization`). Logto's PATCH replaces `branding` and `color`
 * whole, so the values this form does not own (the light logo) are sent back as they are.
 */
export async function updateOrganizationBranding(deps: AdminDeps, access: AdminAccess, input: BrandingInput): Promise<{ changed: boolean }> {
  requireManager(access);
  const next = parseInput(brandingSchema, input);
  const { api, db } = deps;
  const current = await api.organizations.getBranding(access.organizationId);

  const branding: Record<string, string> = {};
  for (const [key, value] of Object.entries(current.branding)) {
    if (!(BRANDING_URL_FIELDS as readonly string[]).includes(key) && typeof value === 'string') branding[key] = value;
  }
  for (const field of BRANDING_URL_FIELDS) {
    const value = next[field];
    if (value) branding[field] = value;
  }
  const color: LogtoOrganizationColor = {
    ...(next.primaryColor ? { primaryColor: next.primaryColor } : {}),
    ...(next.darkPrimaryColor ? { darkPrimaryColor: next.darkPrimaryColor } : {}),
    isDarkModeEnabled: next.isDarkModeEnabled,
  };

  const sameBranding = JSON.stringify(sortKeys(branding)) === JSON.stringify(sortKeys(stringsOf(current.branding)));
  const currentColor = { ...current.color, isDarkModeEnabled: current.color.isDarkModeEnabled ?? false };
  const sameColor = JSON.stringify(sortKeys(color)) === JSON.stringify(sortKeys(currentColor));
  if (sameBranding && sameColor) return { changed: false };

  await api.organizations.update(access.organizationId, { branding, color });
  await recordActivity(db, {
    organizationId: access.organizationId,
    actorId: access.user.id,
    action: 'organization.updated',
    target: access.organizationId,
    metadata: { changes: ['sign-in branding'] },
  });
  return { changed: true };
}

function stringsOf(record: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function sortKeys<T extends Record<string, unknown>>(record: T): [string, unknown][] {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}
