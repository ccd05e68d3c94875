import type { Route } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

import { ButtonAnchor, ButtonLink } from '@/components/ui/button-link';

/** Why an organization that requires MFA refuses this member, and where to set it up. */
export async function MfaRequiredExplanation({ organizationName, organizationHref, setupUrl }: { organizationName: string; organizationHref: Route; setupUrl: string }) {
  const t = await getTranslations('mfaRequired');
  return (
    <section aria-labelledby="mfa-required-heading" className="mx-auto max-w-xl py-12">
      <h1 id="mfa-required-heading" className="text-2xl font-bold tracking-tight">
        {t('heading')}
      </h1>
      <p className="mt-3 text-zinc-700 dark:text-zinc-200">{t('why', { name: organizationName })}</p>
      <p className="mt-3 text-zinc-600 dark:text-zinc-300">{t('what')}</p>
      <div className="mt-6 flex flex-wrap gap-3">
        <ButtonAnchor href={setupUrl} rel="noopener noreferrer">
          {t('setUp')}
        </ButtonAnchor>
        <ButtonLink href={organizationHref} variant="secondary">
          {t('retry')}
        </ButtonLink>
      </div>
      <p className="mt-8 text-sm">
        <Link href="/dashboard" className="text-brand-700 underline underline-offset-2 dark:text-brand-300">
          {t('back')}
        </Link>
      </p>
    </section>
  );
}
