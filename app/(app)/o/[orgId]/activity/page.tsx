import type { Metadata, Route } from 'next';
import { getTranslations } from 'next-intl/server';

import { ActivityList } from '@/components/activity/activity-list';
import { Pagination } from '@/components/members/pagination';
import { NoAccess } from '@/components/organizations/no-access';
import { getDb } from '@/lib/db/client';
import { getMirrorReadManagementApi } from '@/lib/mirror/app-mirror';
import { activityPageSchema, listActivity } from '@/lib/organizations/activity';
import { getOrganizationPageAccess } from '@/lib/organizations/page-access';
import { peopleNames } from '@/lib/people-names';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('activity');
  return { title: t('title') };
}

export default async function ActivityPage({ params, searchParams }: PageProps<'/o/[orgId]/activity'>) {
  const { orgId } = await params;
  const base = `/o/${orgId}/activity`;
  const access = await getOrganizationPageAccess(orgId, base);
  if (!access?.can('read:members')) return <NoAccess />;
  const page = activityPageSchema.parse((await searchParams).page);
  const t = await getTranslations('activity');
  const activity = await listActivity({ api: getMirrorReadManagementApi(), db: await getDb(), names: await peopleNames() }, access, { page });

  return (
    <section aria-labelledby="activity-heading">
      <h2 id="activity-heading" className="text-lg font-semibold">
        {t('heading')}
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t('lead')}</p>
      <ActivityList items={activity.items} />
      <Pagination page={activity.page} pageCount={activity.pageCount} hrefFor={(target) => `${base}?page=${target}` as Route} label={t('pagesLabel')} />
    </section>
  );
}
