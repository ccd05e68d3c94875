import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';

import { NoAccess } from '@/components/organizations/no-access';
import { DeleteOrganizationForm } from '@/components/settings/delete-organization-form';
import { LeaveOrganizationForm } from '@/components/settings/leave-organization-form';
import { MfaLockoutNotice, MfaLockoutNoticeLoading } from '@/components/settings/mfa-lockout-notice';
import { SettingsForm } from '@/components/settings/settings-form';
import { getMirrorReadManagementApi } from '@/lib/mirror/app-mirror';
import { deleteOrganizationAction, leaveOrganizationAction, updateSettingsAction } from '@/lib/organizations/admin-actions';
import { getOrganizationPageAccess } from '@/lib/organizations/page-access';
import { getMemberOrganization } from '@/lib/organizations/queries';
import { getOrganizationSettings } from '@/lib/organizations/settings';

import { BrandingSection } from './_components/branding-section';
import { JitSection } from './_components/jit-section';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('settings');
  return { title: t('title') };
}

// Every member reaches this page, since anyone may leave; the sections follow the scopes
// (`manage:organization` for the settings, `delete:organization` for deletion).
export default async function SettingsPage({ params }: PageProps<'/o/[orgId]/settings'>) {
  const { orgId } = await params;
  const access = await getOrganizationPageAccess(orgId, `/o/${orgId}/settings`);
  const organization = access ? await getMemberOrganization(access.user.id, orgId) : null;
  if (!access || !organization) return <NoAccess />;
  const t = await getTranslations('settings');
  const canManage = access.can('manage:organization');
  const canDelete = access.can('delete:organization');
  const settings = canManage ? await getOrganizationSettings({ api: getMirrorReadManagementApi() }, access) : null;

  return (
    <div className="max-w-2xl space-y-10">
      {settings ? (
        <SettingsForm
          settings={settings}
          action={updateSettingsAction.bind(null, orgId)}
          mfaNotice={<Suspense fallback={<MfaLockoutNoticeLoading />}><MfaLockoutNotice access={access} isMfaRequired={settings.isMfaRequired} /></Suspense>}
        />
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-300">{t('readOnly')}</p>
      )}
      <BrandingSection access={access} />
      <JitSection access={access} />

      <section aria-labelledby="danger-heading" className="space-y-8 rounded-lg border border-red-200 p-5 dark:border-red-900">
        <h2 id="danger-heading" className="text-lg font-semibold text-red-800 dark:text-red-300">
          {t('danger')}
        </h2>
        <LeaveOrganizationForm organizationName={organization.name} action={leaveOrganizationAction.bind(null, orgId)} />
        {canDelete && (
          <div className="border-t border-red-200 pt-6 dark:border-red-900">
            <DeleteOrganizationForm organizationName={organization.name} action={deleteOrganizationAction.bind(null, orgId)} />
          </div>
        )}
      </section>
    </div>
  );
}
