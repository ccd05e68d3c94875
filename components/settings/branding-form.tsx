'use client';

import { useTranslations } from 'next-intl';

import { Field, FormMessage, SubmitButton } from '@/components/ui/form';
import { useActionForm } from '@/components/ui/use-action-form';
import type { ActionState } from '@/lib/forms/action-state';
import type { BrandingDto } from '@/lib/organizations/branding';
import type { BrandingField } from '@/lib/organizations/jit-branding-actions';

// The organization's sign-in branding (Logto shows it on its sign-in page for this
// organization).

type Action = (state: ActionState<BrandingField>, formData: FormData) => Promise<ActionState<BrandingField>>;

export function BrandingForm({ branding, signInUrl, action }: { branding: BrandingDto; signInUrl: string; action: Action }) {
  const t = useTranslations('brandingSettings');
  const { state, formAction, fieldErrors, fields } = useActionForm(action);
  // After an error the form shows what was submitted; otherwise what is saved.
  const values =
    state.status === 'error'
      ? { ...fields, isDarkModeEnabled: fields.isDarkModeEnabled === 'on' }
      : {
          darkLogoUrl: branding.darkLogoUrl ?? '',
          favicon: branding.favicon ?? '',
          darkFavicon: branding.darkFavicon ?? '',
          primaryColor: branding.primaryColor ?? '',
          darkPrimaryColor: branding.darkPrimaryColor ?? '',
          isDarkModeEnabled: branding.isDarkModeEnabled,
        };

  return (
    <section aria-labelledby="branding-heading" className="space-y-5 rounded-lg border border-zinc-200 p-5 dark:border-zinc-800">
      <h2 id="branding-heading" className="text-lg font-semibold">
        {t('heading')}
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-300">{t('intro')}</p>
      {(branding.logoUrl || branding.darkLogoUrl) && (
        <figure className="flex flex-wrap items-center gap-4">
          <figcaption className="sr-only">{t('preview')}</figcaption>
          {branding.logoUrl && (
            // eslint-disable-next-line @next/next/no-img-element -- logos come from any https host; next/image would need each host configured
            <img src={branding.logoUrl} alt={t('lightLogo')} className="h-12 max-w-48 rounded bg-white object-contain p-1" referrerPolicy="no-referrer" />
          )}
          {branding.darkLogoUrl && (
            // eslint-disable-next-line @next/next/no-img-element -- as above
            <img src={branding.darkLogoUrl} alt={t('darkLogoAlt')} className="h-12 max-w-48 rounded bg-zinc-900 object-contain p-1" referrerPolicy="no-referrer" />
          )}
        </figure>
      )}
      <form action={formAction} noValidate key={JSON.stringify(values)} className="space-y-5">
        <FormMessage state={state} />
        {(['darkLogoUrl', 'favicon', 'darkFavicon'] as const).map((name) => (
          <Field
            key={name}
            name={name}
            label={name === 'darkLogoUrl' ? t('darkLogo') : name === 'favicon' ? t('favicon') : t('darkFavicon')}
            type="url"
            inputMode="url"
            maxLength={2048}
            placeholder="https://example.com/image.png"
            defaultValue={values[name]}
            errors={fieldErrors[name]}
            hint={t('urlHint')}
          />
        ))}
        <div className="grid gap-5 sm:grid-cols-2">
          {(['primaryColor', 'darkPrimaryColor'] as const).map((name) => (
            <Field
              key={name}
              name={name}
              label={name === 'primaryColor' ? t('primaryColor') : t('darkPrimaryColor')}
              maxLength={7}
              autoComplete="off"
              spellCheck={false}
              placeholder="#3366AA"
              defaultValue={values[name]}
              errors={fieldErrors[name]}
              hint={t('colorHint')}
            />
          ))}
        </div>
        <div className="flex items-start gap-3">
          <input
            id="field-isDarkModeEnabled"
            name="isDarkModeEnabled"
            type="checkbox"
            defaultChecked={values.isDarkModeEnabled}
            className="mt-1 size-4 rounded border-zinc-300 accent-brand-600"
          />
          <label htmlFor="field-isDarkModeEnabled" className="text-sm font-medium">
            {t('darkMode')}
          </label>
        </div>
        <SubmitButton pendingLabel={t('saving')}>{t('save')}</SubmitButton>
      </form>
      <div className="space-y-2 border-t border-zinc-200 pt-5 dark:border-zinc-800">
        <h3 className="text-sm font-semibold">{t('linkHeading')}</h3>
        <p className="text-sm text-zinc-600 dark:text-zinc-300">{t('linkIntro')}</p>
        <p>
          <a href={signInUrl} className="font-mono text-sm break-all text-brand-700 underline dark:text-brand-300" data-testid="organization-sign-in-link">
            {signInUrl}
          </a>
        </p>
      </div>
    </section>
  );
}
