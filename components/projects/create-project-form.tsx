'use client';

import { useActionState } from 'react';

import { Field, FormMessage, SubmitButton } from '@/components/ui/form';
import type { ActionState } from '@/lib/forms/action-state';
import type { ProjectField } from '@/lib/projects/actions';

type Action = (state: ActionState<ProjectField>, formData: FormData) => Promise<ActionState<ProjectField>>;

export function CreateProjectForm({ action }: { action: Action }) {
  const [state, formAction] = useActionState(action, { status: 'idle' });
  const fieldErrors = state.status === 'error' ? state.fieldErrors : {};
  const fields = state.status === 'error' ? state.fields : {};
  return (
    <form
      action={formAction}
      noValidate
      aria-label="New project"
      key={state.status === 'error' ? JSON.stringify(fields) : `ok-${state.status === 'success' ? state.message : ''}`}
      className="space-y-4 rounded-lg border border-zinc-200 p-5 dark:border-zinc-800"
    >
      <h2 className="font-semibold">New project</h2>
      <FormMessage state={state} />
      <Field name="name" label="Project name" required maxLength={100} defaultValue={fields.name} errors={fieldErrors.name} />
      <Field name="description" label="Description (optional)" maxLength={500} defaultValue={fields.description} errors={fieldErrors.description} />
      <SubmitButton pendingLabel="Creating…">Create project</SubmitButton>
    </form>
  );
}
