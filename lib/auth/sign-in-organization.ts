// Organization-branded sign-in: an authorization request with `organization_id` makes Logto's
// sign-in page show that organization's logo and colours (its sign-in experience is merged
// with the organization's `branding` and `color`). The id only chooses the look: Logto signs
// anyone in whatever it says, and an unknown id shows the tenant's own branding.
import { z } from 'zod';

/** Logto's organization ids: up to 21 characters of its id alphabet. */
const organizationIdSchema = z.string().regex(/^[\w-]{1,21}$/);

/** The `organizationId` query parameter of /sign-in and /sign-up, or undefined when absent or malformed. */
export function brandingOrganizationId(value: string | null | undefined): string | undefined {
  const parsed = organizationIdSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The authorization parameters (@logto/next's signIn `extraParams`) for `organizationId`'s branding. */
export function organizationSignInParams(organizationId: string | undefined): Record<string, string> {
  return organizationId ? { organization_id: organizationId } : {};
}

/** The app path that starts a sign-in branded for `organizationId` and comes back to `returnTo`. */
export function organizationSignInPath(organizationId: string, returnTo: string, extra: Record<string, string> = {}): string {
  return `/sign-in?${new URLSearchParams({ ...extra, returnTo, organizationId }).toString()}`;
}
