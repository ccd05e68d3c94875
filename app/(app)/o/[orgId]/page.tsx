import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

import { NoAccess } from '@/components/organizations/no-access';
import { CreateProjectForm } from '@/components/projects/create-project-form';
import { ProjectRow } from '@/components/projects/project-row';
import { getDb } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { getOrganizationPageAccess } from '@/lib/organizations/page-access';
import { createProjectAction, deleteProjectAction, renameProjectAction } from '@/lib/projects/actions';
import { listProjects } from '@/lib/projects/projects';
import { listProjectsQuerySchema } from '@/lib/projects/schemas';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('projects');
  return { title: t('title') };
}

const PAGE_SIZE = 50;

export default async function OrganizationProjectsPage({ params, searchParams }: PageProps<'/o/[orgId]'>) {
  const { orgId } = await params;
  const { cursor } = listProjectsQuerySchema.pick({ cursor: true }).catch({ cursor: undefined }).parse(await searchParams);
  const access = await getOrganizationPageAccess(orgId, `/o/${orgId}`);
  if (!access?.can('read:projects')) return <NoAccess />;
  const canWrite = access.can('write:projects');
  const t = await getTranslations('projects');
  const db = await getDb();
  // A mangled ?cursor= in the address bar shows the first page rather than an error.
  const { items, nextCursor } = await listProjects(db, access.organizationId, { limit: PAGE_SIZE, cursor }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'invalid_request') return listProjects(db, access.organizationId, { limit: PAGE_SIZE });
    throw error;
  });

  return (
    <section aria-labelledby="projects-heading" className="grid gap-8 lg:grid-cols-[1fr_20rem]">
      <div>
        <h2 id="projects-heading" className="text-lg font-semibold">
          {t('heading')}
        </h2>
        {!canWrite && (
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t('readOnly')}</p>
        )}
        {items.length === 0 ? (
          <p className="mt-6 rounded-lg border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-300">
            {canWrite ? t('emptyCreate') : t('empty')}
          </p>
        ) : (
          <ul className="mt-4 space-y-3" aria-label={t('listLabel')}>
            {items.map((project) => (
              <ProjectRow
                key={project.id}
                project={project}
                canWrite={canWrite}
                renameAction={renameProjectAction.bind(null, orgId)}
                deleteAction={deleteProjectAction.bind(null, orgId)}
              />
            ))}
          </ul>
        )}
        {(cursor || nextCursor) && (
          <nav aria-label={t('pages')} className="mt-4 flex gap-4 text-sm">
            {cursor && (
              <Link href={`/o/${orgId}`} className="underline">
                {t('newest')}
              </Link>
            )}
            {nextCursor && (
              <Link href={`/o/${orgId}?cursor=${nextCursor}`} className="underline">
                {t('older')}
              </Link>
            )}
          </nav>
        )}
      </div>
      {canWrite && (
        <aside>
          <CreateProjectForm action={createProjectAction.bind(null, orgId)} />
        </aside>
      )}
    </section>
  );
}
