'use client';

import { Field, FormMessage, SubmitButton } from '@/components/ui/form';
import { useActionForm } from '@/components/ui/use-action-form';
import type { ActionState } from '@/lib/forms/action-state';
import type { BrandingDto } from '@/lib/organizations/branding';
import type { BrandingField } from '@/lib/organizations/jit-branding-actions';

// The organization's sign-in branding (Logto shows it on its sign-in page for this
// organization). Strings kept together here until the app's messages move to next-intl.
const TEXT = {
  heading: 'Sign-in branding',
  intro:
    "Logto's sign-in page shows these when someone signs in through this organization's link or an invitation. The light logo is the Logo field above.",
  darkLogo: 'Logo for dark mode (optional)',
  favicon: 'Favicon (optional)',
  darkFavicon: 'Favicon for dark mode (optional)',
  urlHint: 'An https:// address of an image.',
  primaryColor: 'Primary colour (optional)',
  darkPrimaryColor: 'Primary colour in dark mode (optional)',
  colorHint: 'As #RRGGBB, for example #3366AA.',
  darkMode: 'Offer a dark mode on the sign-in page',
  save: 'Save branding',
  saving: 'Saving…',
  linkHeading: 'Sign-in link',
  linkIntro: "Share this link: it opens the sign-in page with this organization's branding and then this organization.",
  preview: 'Current logos',
  lightLogo: 'Logo',
  darkLogoAlt: 'Logo for dark mode',
};

type Action = (state: ActionState<BrandingField>, formData: FormData) => Promise<ActionState<BrandingField>>;

export function BrandingForm({ branding, signInUrl, action }: { branding: BrandingDto; signInUrl: string; action: Action }) {
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
        {TEXT.heading}
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-300">{TEXT.intro}</p>
      {(branding.logoUrl || branding.darkLogoUrl) && (
        <figure className="flex flex-wrap items-center gap-4">
          <figcaption className="sr-only">{TEXT.preview}</figcaption>
          {branding.logoUrl && (
            // eslint-disable-next-line @next/next/no-img-element -- logos come from any https host; next/image would need each host configured
            <img src={branding.logoUrl} alt={TEXT.lightLogo} className="h-12 max-w-48 rounded bg-white object-contain p-1" referrerPolicy="no-referrer" />
          )}
          {branding.darkLogoUrl && (
            // eslint-disable-next-line @next/next/no-img-element -- as above
            <img src={branding.darkLogoUrl} alt={TEXT.darkLogoAlt} className="h-12 max-w-48 rounded bg-zinc-900 object-contain p-1" referrerPolicy="no-referrer" />
          )}
        </figure>
      )}
      <form action={formAction} noValidate key={JSON.stringify(values)} className="space-y-5">
        <FormMessage state={state} />
        {(['darkLogoUrl', 'favicon', 'darkFavicon'] as const).map((name) => (
          <Field
            key={name}
            name={name}
            label={name === 'darkLogoUrl' ? TEXT.darkLogo : name === 'favicon' ? TEXT.favicon : TEXT.darkFavicon}
            type="url"
            inputMode="url"
            maxLength={2048}
            placeholder="https://example.com/image.png"
            defaultValue={values[name]}
            errors={fieldErrors[name]}
            hint={TEXT.urlHint}
          />
        ))}
        <div className="grid gap-5 sm:grid-cols-2">
          {(['primaryColor', 'darkPrimaryColor'] as const).map((name) => (
            <Field
              key={name}
              name={name}
              label={name === 'primaryColor' ? TEXT.primaryColor : TEXT.darkPrimaryColor}
              maxLength={7}
              autoComplete="off"
              spellCheck={false}
              placeholder="#3366AA"
              defaultValue={values[name]}
              errors={fieldErrors[name]}
              hint={TEXT.colorHint}
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
            {TEXT.darkMode}
          </label>
        </div>
        <SubmitButton pendingLabel={TEXT.saving}>{TEXT.save}</SubmitButton>
      </form>
      <div className="space-y-2 border-t border-zinc-200 pt-5 dark:border-zinc-800">
        <h3 className="text-sm font-semibold">{TEXT.linkHeading}</h3>
        <p className="text-sm text-zinc-600 dark:text-zinc-300">{TEXT.linkIntro}</p>
        <p>
          <a href={signInUrl} className="font-mono text-sm break-all text-brand-700 underline dark:text-brand-300" data-testid="organization-sign-in-link">
            {signInUrl}
          </a>
        </p>
      </div>
    </section>
  );
}
