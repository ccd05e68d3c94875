import type { Queryable } from '../db/database.js';
import { findOrganization } from '../store/organizations.js';
import { escapeHtml } from './layout.js';

/**
 * An organization's sign-in branding, as Logto resolves it for an authorization request with
 * `organization_id`: the organization's `branding` and `color` laid over the defaults (this
 * server's defaults are its plain look: no logo, its own accent colour). An unknown
 * organization id shows the defaults, as Logto does.
 */
export interface SignInBranding {
  organizationName?: string;
  logoUrl?: string;
  darkLogoUrl?: string;
  favicon?: string;
  darkFavicon?: string;
  primaryColor?: string;
  darkPrimaryColor?: string;
  isDarkModeEnabled?: boolean;
}

const HEX_COLOR = /^#[\da-f]{3}(?:[\da-f]{3})?$/i;

const httpsUrl = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value).protocol === 'https:' ? value : undefined;
  } catch {
    return undefined;
  }
};

const hexColor = (value: unknown): string | undefined => (typeof value === 'string' && HEX_COLOR.test(value) ? value : undefined);

/** The branding of the interaction's organization, or {} (the defaults). */
export async function resolveSignInBranding(db: Queryable, organizationId: unknown): Promise<SignInBranding> {
  if (typeof organizationId !== 'string' || organizationId === '') return {};
  const organization = await findOrganization(db, organizationId);
  if (!organization) return {};
  const { branding, color } = organization;
  // Only https images: this page is the one place a third party's URL is shown to everyone.
  return {
    organizationName: organization.name,
    logoUrl: httpsUrl(branding.logoUrl),
    darkLogoUrl: httpsUrl(branding.darkLogoUrl),
    favicon: httpsUrl(branding.favicon),
    darkFavicon: httpsUrl(branding.darkFavicon),
    primaryColor: hexColor(color.primaryColor),
    darkPrimaryColor: hexColor(color.darkPrimaryColor),
    isDarkModeEnabled: color.isDarkModeEnabled === true,
  };
}

/**
 * The logo above the heading, with the organization's name as its text; the dark logo, where
 * there is one, when the browser prefers a dark colour scheme.
 */
export function renderBrandingLogo(branding: SignInBranding): string {
  if (!branding.logoUrl && !branding.darkLogoUrl) return '';
  const light = branding.logoUrl ?? branding.darkLogoUrl ?? '';
  const alt = `${branding.organizationName ?? 'Organization'} logo`;
  const dark = branding.darkLogoUrl && branding.logoUrl
    ? `<source srcset="${escapeHtml(branding.darkLogoUrl)}" media="(prefers-color-scheme: dark)">`
    : '';
  return `<picture class="brand-logo">${dark}<img id="organization-logo" src="${escapeHtml(light)}" alt="${escapeHtml(alt)}" referrerpolicy="no-referrer"></picture>`;
}

/** Favicons and accent colours for the page's <head>. */
export function renderBrandingHead(branding: SignInBranding): string {
  const parts: string[] = ['<style>.brand-logo { display: block; margin: 0 0 1rem; } .brand-logo img { max-height: 3rem; max-width: 12rem; }</style>'];
  if (branding.favicon) {
    parts.push(`<link rel="icon" href="${escapeHtml(branding.favicon)}"${branding.darkFavicon ? ' media="(prefers-color-scheme: light)"' : ''}>`);
  }
  if (branding.darkFavicon) {
    parts.push(`<link rel="icon" href="${escapeHtml(branding.darkFavicon)}"${branding.favicon ? ' media="(prefers-color-scheme: dark)"' : ''}>`);
  }
  const accents: string[] = [];
  if (branding.primaryColor) accents.push(`:root { --accent: ${branding.primaryColor}; }`);
  // Logto uses the dark primary colour only where the organization enables dark mode.
  const dark = branding.isDarkModeEnabled ? (branding.darkPrimaryColor ?? branding.primaryColor) : undefined;
  if (dark) accents.push(`@media (prefers-color-scheme: dark) { :root { --accent: ${dark}; } }`);
  if (accents.length > 0) parts.push(`<style>${accents.join(' ')}</style>`);
  return parts.join('\n');
}
