'use server';

import { getTranslations } from 'next-intl/server';
import { z } from 'zod';

import { getDb } from '@/lib/db/client';
import type { ActionState } from '@/lib/forms/action-state';
import { organizationAction } from '@/lib/organizations/organization-action';

import { createProject, deleteProject, updateProject } from './projects';
import { projectDescriptionSchema, projectIdSchema, projectNameSchema } from './schemas';

export type ProjectField = 'name' | 'description' | 'projectId';
type ProjectAction = (organizationId: string, state: ActionState<ProjectField>, formData: FormData) => Promise<ActionState<ProjectField>>;

export const createProjectAction: ProjectAction = organizationAction(
  {
    name: 'projects.create',
    scopes: ['write:projects'],
    fields: ['name', 'description'],
    schema: z.object({ name: projectNameSchema, description: projectDescriptionSchema }),
  },
  async ({ organizationId, user }, input) => {
    const project = await createProject(await getDb(), organizationId, user.id, input);
    const t = await getTranslations('actions');
    return t('projectCreated', { name: project.name });
  },
);

export const renameProjectAction: ProjectAction = organizationAction(
  {
    name: 'projects.rename',
    scopes: ['write:projects'],
    fields: ['projectId', 'name'],
    schema: z.object({ projectId: projectIdSchema, name: projectNameSchema }),
  },
  async ({ organizationId, user }, { projectId, name }) => {
    const project = await updateProject(await getDb(), organizationId, user.id, projectId, { name });
    const t = await getTranslations('actions');
    return t('projectRenamed', { name: project.name });
  },
);

export const deleteProjectAction: ProjectAction = organizationAction(
  {
    name: 'projects.delete',
    scopes: ['write:projects'],
    fields: ['projectId'],
    schema: z.object({ projectId: projectIdSchema }),
  },
  async ({ organizationId, user }, { projectId }) => {
    await deleteProject(await getDb(), organizationId, user.id, projectId);
    const t = await getTranslations('actions');
    return t('projectDeleted');
  },
);
