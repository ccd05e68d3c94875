'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';

import { Field, FormMessage, SubmitButton } from '@/components/ui/form';
import type { ActionState } from '@/lib/forms/action-state';
import type { SettingsField } from '@/lib/organizations/admin-actions';
import type { OrganizationSettingsDto } from '@/lib/organizations/settings';

type Action = (state: ActionState<SettingsField>, formData: FormData) => Promise<ActionState<SettingsField>>;

export function SettingsForm({ settings, action, mfaNotice }: { settings: OrganizationSettingsDto; action: Action; mfaNotice?: React.ReactNode }) {
  const t = useTranslations('settings');
  const [state, formAction] = useActionState(action, { status: 'idle' });
  const fieldErrors = state.status === 'error' ? state.fieldErrors : {};
  // After an error the form shows what was submitted; otherwise what is saved.
  const values =
    state.status === 'error'
      ? { ...state.fields, isMfaRequired: state.fields.isMfaRequired === 'on' }
      : { name: settings.name, description: settings.description ?? '', logoUrl: settings.logoUrl ?? '', isMfaRequired: settings.isMfaRequired };
  const mfaErrorId = fieldErrors.isMfaRequired?.length ? 'field-isMfaRequired-error' : undefined;

  return (
    <form
      action={formAction}
      noValidate
      aria-labelledby="general-heading"
      key={JSON.stringify(values)}
      className="space-y-5 rounded-lg border border-zinc-200 p-5 dark:border-zinc-800"
    >
      <h2 id="general-heading" className="text-lg font-semibold">
        {t('general')}
      </h2>
      <FormMessage state={state} />
      <Field name="name" label={t('name')} required maxLength={128} autoComplete="organization" defaultValue={values.name} errors={fieldErrors.name} />
      <Field
        name="description"
        label={t('description')}
        multiline
        maxLength={256}
        defaultValue={values.description}
        errors={fieldErrors.description}
        hint={t('descriptionHint')}
      />
      <Field
        name="logoUrl"
        label={t('logoUrl')}
        type="url"
        inputMode="url"
        maxLength={2048}
        placeholder="https://example.com/logo.png"
        defaultValue={values.logoUrl}
        errors={fieldErrors.logoUrl}
        hint={t('logoUrlHint')}
      />
      <div>
        <div className="flex items-start gap-3">
          <input
            id="field-isMfaRequired"
            name="isMfaRequired"
            type="checkbox"
            defaultChecked={values.isMfaRequired}
            aria-describedby={['field-isMfaRequired-warning', mfaNotice ? 'field-isMfaRequired-lockout' : undefined, mfaErrorId].filter(Boolean).join(' ')}
            className="mt-1 size-4 rounded border-zinc-300 accent-brand-600"
          />
          <label htmlFor="field-isMfaRequired" className="text-sm font-medium">
            {t('mfa')}
          </label>
        </div>
        <p
          id="field-isMfaRequired-warning"
          className="mt-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100"
        >
          {t.rich('mfaWarning', { strong: (chunks) => <strong>{chunks}</strong> })}
        </p>
        {mfaNotice}
        {mfaErrorId && (
          <p id={mfaErrorId} className="mt-1 text-sm text-red-700 dark:text-red-400">
            {fieldErrors.isMfaRequired?.join(' ')}
          </p>
        )}
      </div>
      <SubmitButton pendingLabel={t('saving')}>{t('save')}</SubmitButton>
    </form>
  );
}
