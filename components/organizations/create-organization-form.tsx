'use client';

import { useTranslations } from 'next-intl';
import type { FormEvent } from 'react';

import { Field, FormMessage, RetryMessage, SubmitButton } from '@/components/ui/form';
import { useActionForm } from '@/components/ui/use-action-form';
import type { ActionState } from '@/lib/forms/action-state';
import type { CreateOrganizationField } from '@/lib/organizations/actions';
import { creationFingerprint, creationKeyFor, parseRememberedCreation, randomUuid } from '@/lib/organizations/creation-key';

type Props = {
  idempotencyKey: string;
  userId: string;
  action: (state: ActionState<CreateOrganizationField>, formData: FormData) => Promise<ActionState<CreateOrganizationField>>;
};

/**
 * Before the action reads the form: sends the key this tab last sent, for this user, for the
 * same name and description (a reload while "Creating…" then lands in the organization being
 * made instead of making a second), else a new one. Without JavaScript or storage, the page's
 * key is sent.
 */
function rememberCreationKey(event: FormEvent<HTMLFormElement>, userId: string) {
  const form = event.currentTarget;
  const keyInput = form.elements.namedItem('idempotencyKey');
  if (!(keyInput instanceof HTMLInputElement)) return;
  const data = new FormData(form);
  const fingerprint = creationFingerprint(String(data.get('name') ?? ''), String(data.get('description') ?? ''));
  const storageKey = `create-organization:${userId}`;
  try {
    const next = creationKeyFor(parseRememberedCreation(sessionStorage.getItem(storageKey)), fingerprint, Date.now(), randomUuid);
    sessionStorage.setItem(storageKey, JSON.stringify(next));
    keyInput.value = next.key;
  } catch {
    // No sessionStorage (disabled by the browser): the page's key still makes double submits safe.
  }
}

export function CreateOrganizationForm({ idempotencyKey, userId, action }: Props) {
  const { state, formAction, fieldErrors, fields, formKey } = useActionForm(action);
  const t = useTranslations('newOrganization');

  return (
    <form action={formAction} onSubmit={(event) => rememberCreationKey(event, userId)} noValidate className="space-y-5" key={formKey}>
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
