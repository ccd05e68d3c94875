import { BrandingForm } from '@/components/settings/branding-form';
import { organizationSignInPath } from '@/lib/auth/sign-in-organization';
import { getEnv } from '@/lib/env';
import { getManagementApi } from '@/lib/logto/management-api-client';
import type { OrganizationAccess } from '@/lib/organizations/access';
import { getOrganizationBranding } from '@/lib/organizations/branding';
import { updateBrandingAction } from '@/lib/organizations/jit-branding-actions';

// Sign-in branding (`manage:organization`). Read from Logto: the mirror keeps no colours.
export async function BrandingSection({ access }: { access: OrganizationAccess }) {
  if (!access.can('manage:organization')) return null;
  const branding = await getOrganizationBranding({ api: getManagementApi() }, access);
  const { organizationId } = access;
  const signInUrl = `${getEnv().appUrl}${organizationSignInPath(organizationId, `/o/${organizationId}`)}`;
  return <BrandingForm branding={branding} signInUrl={signInUrl} action={updateBrandingAction.bind(null, organizationId)} />;
}
