import { getTranslations } from 'next-intl/server';

import { ButtonLink } from '@/components/ui/button-link';

/** Shown instead of an organization's pages to someone who is not (or no longer) a member. */
export async function NoAccess() {
  const t = await getTranslations('noAccess');
  return (
    <section aria-labelledby="no-access-heading" className="mx-auto max-w-md py-16 text-center">
      <h1 id="no-access-heading" className="text-2xl font-bold tracking-tight">
        {t('heading')}
      </h1>
      <p className="mt-3 text-zinc-600 dark:text-zinc-300">{t('body')}</p>
      <ButtonLink href="/dashboard" className="mt-6">
        {t('back')}
      </ButtonLink>
    </section>
  );
}
