'use client';

import { useTranslations } from 'next-intl';

import { Field, FormMessage, RetryMessage, SubmitButton } from '@/components/ui/form';
import { useActionForm } from '@/components/ui/use-action-form';
import type { ActionState } from '@/lib/forms/action-state';
import type { CreateOrganizationField } from '@/lib/organizations/actions';

type Props = {
  idempotencyKey: string;
  action: (state: ActionState<CreateOrganizationField>, formData: FormData) => Promise<ActionState<CreateOrganizationField>>;
};

export function CreateOrganizationForm({ idempotencyKey, action }: Props) {
  const { state, formAction, fieldErrors, fields, formKey } = useActionForm(action);
  const t = useTranslations('newOrganization');

  return (
    <form action={formAction} noValidate className="space-y-5" key={formKey}>
      {/* One key per form render: a double submit or a retried request makes one organization. */}
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
