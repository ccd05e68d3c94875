import type { Metadata } from 'next';

import { NoAccess } from '@/components/organizations/no-access';
import { CreateProjectForm } from '@/components/projects/create-project-form';
import { ProjectRow } from '@/components/projects/project-row';
import { getDb } from '@/lib/db/client';
import { getOrganizationPageAccess } from '@/lib/organizations/page-access';
import { createProjectAction, deleteProjectAction, renameProjectAction } from '@/lib/projects/actions';
import { listProjects } from '@/lib/projects/projects';

export const metadata: Metadata = { title: 'Projects' };

export default async function OrganizationProjectsPage({ params }: PageProps<'/o/[orgId]'>) {
  const { orgId } = await params;
  const access = await getOrganizationPageAccess(orgId, `/o/${orgId}`);
  if (!access?.can('read:projects')) return <NoAccess />;
  const canWrite = access.can('write:projects');
  const { items } = await listProjects(await getDb(), access.organizationId, { limit: 100 });

  return (
    <section aria-labelledby="projects-heading" className="grid gap-8 lg:grid-cols-[1fr_20rem]">
      <div>
        <h2 id="projects-heading" className="text-lg font-semibold">
          Projects
        </h2>
        {!canWrite && (
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">You can view projects; your role doesn&apos;t allow changes.</p>
        )}
        {items.length === 0 ? (
          <p className="mt-6 rounded-lg border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-300">
            No projects yet.{canWrite ? ' Create the first one.' : ''}
          </p>
        ) : (
          <ul className="mt-4 space-y-3" aria-label="Projects">
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
      </div>
      {canWrite && (
        <aside>
          <CreateProjectForm action={createProjectAction.bind(null, orgId)} />
        </aside>
      )}
    </section>
  );
}
