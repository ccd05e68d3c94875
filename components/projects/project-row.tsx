'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';

import { buttonClasses } from '@/components/ui/button-link';
import { Field, FormMessage, SubmitButton } from '@/components/ui/form';
import type { ActionState } from '@/lib/forms/action-state';
import type { ProjectField } from '@/lib/projects/actions';
import type { ProjectDto } from '@/lib/projects/schemas';

type Action = (state: ActionState<ProjectField>, formData: FormData) => Promise<ActionState<ProjectField>>;

type Props = {
  project: ProjectDto;
  canWrite: boolean;
  renameAction: Action;
  deleteAction: Action;
};

export function ProjectRow({ project, canWrite, renameAction, deleteAction }: Props) {
  const t = useTranslations('projects');
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [renameState, rename] = useActionState(async (state: ActionState<ProjectField>, formData: FormData) => {
    const next = await renameAction(state, formData);
    if (next.status === 'success') setEditing(false);
    return next;
  }, { status: 'idle' });
  const [deleteState, remove] = useActionState(deleteAction, { status: 'idle' });
  const renameErrors = renameState.status === 'error' ? renameState.fieldErrors : {};

  return (
    <li className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" aria-label={project.name}>
      {editing ? (
        <form action={rename} className="space-y-3" aria-label={t('renameForm', { name: project.name })}>
          <input type="hidden" name="projectId" value={project.id} />
          <FormMessage state={renameState} />
          <Field
            name="name"
            label={t('newName')}
            required
            maxLength={100}
            defaultValue={renameState.status === 'error' ? renameState.fields.name : project.name}
            errors={renameErrors.name}
            autoFocus
          />
          <div className="flex flex-wrap gap-2">
            <SubmitButton pendingLabel={t('saving')}>{t('save')}</SubmitButton>
            <button type="button" className={buttonClasses('secondary')} onClick={() => setEditing(false)}>
              {t('cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h3 className="font-medium wrap-anywhere">{project.name}</h3>
            {project.description && <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-300">{project.description}</p>}
            <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
              {t.rich('created', {
                date: new Date(project.createdAt),
                time: (chunks) => <time dateTime={project.createdAt}>{chunks}</time>,
              })}
            </p>
          </div>
          {canWrite && (
            <div className="flex flex-wrap gap-2">
              <button type="button" className={buttonClasses('secondary')} onClick={() => setEditing(true)}>
                {t.rich('rename', { name: project.name, hidden: (chunks) => <span className="sr-only">{chunks}</span> })}
              </button>
              {confirming ? (
                <form action={remove} className="flex flex-wrap gap-2">
                  <input type="hidden" name="projectId" value={project.id} />
                  <SubmitButton variant="danger" pendingLabel={t('deleting')}>
                    {t.rich('confirmDelete', { name: project.name, hidden: (chunks) => <span className="sr-only">{chunks}</span> })}
                  </SubmitButton>
                  <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirming(false)}>
                    {t('keep')}
                  </button>
                </form>
              ) : (
                <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirming(true)}>
                  {t.rich('delete', { name: project.name, hidden: (chunks) => <span className="sr-only">{chunks}</span> })}
                </button>
              )}
            </div>
          )}
        </div>
      )}
      {deleteState.status === 'error' && (
        <div className="mt-3">
          <FormMessage state={deleteState} />
        </div>
      )}
    </li>
  );
}
