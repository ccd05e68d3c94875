'use client';

import { useTranslations } from 'next-intl';

import { Field, FormMessage, SubmitButton } from '@/components/ui/form';
import { useActionForm } from '@/components/ui/use-action-form';
import type { ActionState } from '@/lib/forms/action-state';
import type { ProjectField } from '@/lib/projects/actions';

type Action = (state: ActionState<ProjectField>, formData: FormData) => Promise<ActionState<ProjectField>>;

export function CreateProjectForm({ action }: { action: Action }) {
  const { state, formAction, fieldErrors, fields, formKey } = useActionForm(action);
  const t = useTranslations('projects');
  return (
    <form
      action={formAction}
      noValidate
      aria-label={t('newProject')}
      key={formKey}
      className="space-y-4 rounded-lg border border-zinc-200 p-5 dark:border-zinc-800"
    >
      <h2 className="font-semibold">{t('newProject')}</h2>
      <FormMessage state={state} />
      <Field name="name" label={t('name')} required maxLength={100} defaultValue={fields.name} errors={fieldErrors.name} />
      <Field name="description" label={t('description')} maxLength={500} defaultValue={fields.description} errors={fieldErrors.description} />
      <SubmitButton pendingLabel={t('creating')}>{t('create')}</SubmitButton>
    </form>
  );
}
