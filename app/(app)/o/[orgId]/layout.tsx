import type { Route } from 'next';
import { getTranslations } from 'next-intl/server';

import { NoAccess } from '@/components/organizations/no-access';
import { OrganizationNav } from '@/components/organizations/organization-nav';
import { getOrganizationPageAccess } from '@/lib/organizations/page-access';
import { getMemberOrganization } from '@/lib/organizations/queries';

export default async function OrganizationLayout({ children, params }: LayoutProps<'/o/[orgId]'>) {
  const { orgId } = await params;
  const access = await getOrganizationPageAccess(orgId, `/o/${orgId}`);
  const organization = access ? await getMemberOrganization(access.user.id, orgId) : null;
  if (!access || !organization) return <NoAccess />;

  const t = await getTranslations('organization');
  const roles = await getTranslations('roles');
  const base = `/o/${orgId}`;
  const items = [
    { href: base as Route, label: t('projects'), show: access.can('read:projects') },
    { href: `${base}/members` as Route, label: t('members'), show: access.can('read:members') },
    { href: `${base}/activity` as Route, label: t('activity'), show: access.can('read:members') },
    { href: `${base}/api-keys` as Route, label: t('apiKeys'), show: access.can('manage:api-keys') },
    // Every member may leave, and leaving lives in settings; the page shows only what the role allows.
    { href: `${base}/settings` as Route, label: t('settings'), show: true },
  ].filter((item) => item.show);

  return (
    <div>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="min-w-0 text-2xl font-bold tracking-tight wrap-anywhere">{organization.name}</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {t.rich('yourRole', {
            roles: organization.roles.map((role) => roles('name', { role })).join(', ') || t('noRole'),
            role: (chunks) => <span className="capitalize">{chunks}</span>,
          })}
        </p>
      </div>
      {organization.description && <p className="mt-1 text-zinc-600 dark:text-zinc-300">{organization.description}</p>}
      <OrganizationNav items={items} />
      <div className="mt-6">{children}</div>
    </div>
  );
}
