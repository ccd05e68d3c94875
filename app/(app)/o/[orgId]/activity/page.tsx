import type { Metadata, Route } from 'next';

import { ActivityList } from '@/components/activity/activity-list';
import { Pagination } from '@/components/members/pagination';
import { NoAccess } from '@/components/organizations/no-access';
import { getDb } from '@/lib/db/client';
import { getMirrorReadManagementApi } from '@/lib/mirror/app-mirror';
import { activityPageSchema, listActivity } from '@/lib/organizations/activity';
import { getOrganizationPageAccess } from '@/lib/organizations/page-access';

export const metadata: Metadata = { title: 'Activity' };

export default async function ActivityPage({ params, searchParams }: PageProps<'/o/[orgId]/activity'>) {
  const { orgId } = await params;
  const base = `/o/${orgId}/activity`;
  const access = await getOrganizationPageAccess(orgId, base);
  if (!access?.can('read:members')) return <NoAccess />;
  const page = activityPageSchema.parse((await searchParams).page);
  const activity = await listActivity({ api: getMirrorReadManagementApi(), db: await getDb() }, access, { page });

  return (
    <section aria-labelledby="activity-heading">
      <h2 id="activity-heading" className="text-lg font-semibold">
        Activity
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Who did what in this organization, newest first.</p>
      <ActivityList items={activity.items} />
      <Pagination page={activity.page} pageCount={activity.pageCount} hrefFor={(target) => `${base}?page=${target}` as Route} label="Activity pages" />
    </section>
  );
}
