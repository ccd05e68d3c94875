import type { Metadata, Route } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';

import { MfaRequiredExplanation } from '@/components/organizations/mfa-required-explanation';
import { NoAccess } from '@/components/organizations/no-access';
import { requireUser } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { requireOrganizationAccess } from '@/lib/organizations/access';
import { MfaRequiredError } from '@/lib/organizations/mfa-required';
import { getMemberOrganization } from '@/lib/organizations/queries';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('mfaRequired');
  return { title: t('metaTitle') };
}

// Where organization pages send a member whom Logto refuses an organization token because the
// organization requires MFA and the member has none. It asks Logto again on every view, so a
// member who has set it up meanwhile goes straight on to the organization.
export default async function MfaRequiredPage({ params }: PageProps<'/organizations/[orgId]/mfa-required'>) {
  const { orgId } = await params;
  const organizationHref = `/o/${encodeURIComponent(orgId)}` as Route;
  let refused = false;
  try {
    await requireOrganizationAccess(orgId, [], { from: 'page', returnTo: `/organizations/${orgId}/mfa-required` });
  } catch (error) {
    if (error instanceof MfaRequiredError) refused = true;
    else if (error instanceof AppError && error.code === 'forbidden') return <NoAccess />;
    else throw error;
  }
  if (!refused) redirect(organizationHref);

  const user = await requireUser(`/organizations/${orgId}/mfa-required`);
  const organization = await getMemberOrganization(user.id, orgId);
  if (!organization) return <NoAccess />;
  return <MfaRequiredExplanation organizationName={organization.name} organizationHref={organizationHref} setupUrl={getEnv().mfaSetupUrl} />;
}
