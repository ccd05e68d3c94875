'use client';

import { useTranslations } from 'next-intl';
import type { FormEvent } from 'react';

import { Field, FormMessage, RetryMessage, SubmitButton } from '@/components/ui/form';
import { useActionForm } from '@/components/ui/use-action-form';
import type { ActionState } from '@/lib/forms/action-state';
import type { CreateOrganizationField } from '@/lib/organizations/actions';
import { creationFingerprint, creationKeyFor, parseRememberedCreation } from '@/lib/organizations/creation-key';

type Props = {
  idempotencyKey: string;
  action: (state: ActionState<CreateOrganizationField>, formData: FormData) => Promise<ActionState<CreateOrganizationField>>;
};

const REMEMBERED_CREATION = 'create-organization';

/**
 * Before the action reads the form: sends the key this tab last sent for the same name and
 * description (a reload while "Creating…" then lands in the organization being made instead of
 * making a second), else a new one. Without JavaScript or storage, the page's key is sent.
 */
function rememberCreationKey(event: FormEvent<HTMLFormElement>) {
  const form = event.currentTarget;
  const keyInput = form.elements.namedItem('idempotencyKey');
  if (!(keyInput instanceof HTMLInputElement)) return;
  const data = new FormData(form);
  const fingerprint = creationFingerprint(String(data.get('name') ?? ''), String(data.get('description') ?? ''));
  try {
    const remembered = parseRememberedCreation(sessionStorage.getItem(REMEMBERED_CREATION));
    const next = creationKeyFor(remembered, fingerprint, Date.now(), () => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : keyInput.value));
    sessionStorage.setItem(REMEMBERED_CREATION, JSON.stringify(next));
    keyInput.value = next.key;
  } catch {
    // No sessionStorage (disabled by the browser): the page's key still makes double submits safe.
  }
}

export function CreateOrganizationForm({ idempotencyKey, action }: Props) {
  const { state, formAction, fieldErrors, fields, formKey } = useActionForm(action);
  const t = useTranslations('newOrganization');

  return (
    <form action={formAction} onSubmit={rememberCreationKey} noValidate className="space-y-5" key={formKey}>
      {/* A double submit or a retried request makes one organization (rememberCreationKey). */}
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <FormMessage state={state} retryAtButton />
      <Field
        name="name"
        label={t('name')}
        required
        maxLength={128}
        autoComplete="organization"
        defaultValue={fields.name}
        errors={fieldErrors.name}
        hint={t('nameHint')}
      />
      <Field
        name="description"
        label={t('description')}
        multiline
        maxLength={256}
        defaultValue={fields.description}
        errors={fieldErrors.description}
        hint={t('descriptionHint')}
      />
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pendingLabel={t('pending')}>{t('submit')}</SubmitButton>
        <RetryMessage state={state} />
      </div>
    </form>
  );
}
