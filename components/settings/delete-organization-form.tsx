'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { useFormStatus } from 'react-dom';

import { buttonClasses } from '@/components/ui/button-link';
import { Field, FormMessage } from '@/components/ui/form';
import type { ActionState } from '@/lib/forms/action-state';
import type { DeleteOrganizationField } from '@/lib/organizations/admin-actions';

type Action = (state: ActionState<DeleteOrganizationField>, formData: FormData) => Promise<ActionState<DeleteOrganizationField>>;

function DeleteButton({ ready }: { ready: boolean }) {
  const { pending } = useFormStatus();
  const t = useTranslations('settings');
  return (
    <button
      type="submit"
      disabled={!ready || pending}
      className={buttonClasses('danger')}
    >
      {pending && <span aria-hidden="true" className="size-3 animate-spin rounded-full border-2 border-current border-t-transparent" />}
      {pending ? t('deleting') : t('delete')}
    </button>
  );
}

/** Deleting needs the organization's name typed out; the server checks it again. */
export function DeleteOrganizationForm({ organizationName, action }: { organizationName: string; action: Action }) {
  const t = useTranslations('settings');
  const [state, formAction] = useActionState(action, { status: 'idle' });
  const [typed, setTyped] = useState('');
  const fieldErrors = state.status === 'error' ? state.fieldErrors : {};
  const fields = state.status === 'error' ? state.fields : {};
  return (
    // `key` remounts the input with the submitted value after an error (React resets forms).
    <form action={formAction} noValidate className="space-y-3" aria-labelledby="delete-heading" key={JSON.stringify(fields)}>
      <h3 id="delete-heading" className="font-semibold">
        {t('deleteHeading')}
      </h3>
      <p className="text-sm text-zinc-600 dark:text-zinc-300">{t('deleteBody')}</p>
      {/* The field error says the same; the form-level alert is for the other failures. */}
      {!fieldErrors.confirmName && <FormMessage state={state} />}
      <Field
        name="confirmName"
        label={t('confirmName', { name: organizationName })}
        autoComplete="off"
        spellCheck={false}
        defaultValue={fields.confirmName}
        onChange={(event) => setTyped(event.target.value)}
        errors={fieldErrors.confirmName}
      />
      <DeleteButton ready={typed.trim() === organizationName.trim()} />
    </form>
  );
}
