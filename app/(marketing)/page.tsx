import { getTranslations } from 'next-intl/server';

import { ButtonAnchor } from '@/components/ui/button-link';

const features = ['organizations', 'isolation', 'local'] as const;

export default async function LandingPage() {
  const t = await getTranslations('landing');
  const common = await getTranslations('common');
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-zinc-200 dark:border-zinc-800">
        <nav aria-label={common('mainNav')} className="mx-auto flex max-w-5xl items-center justify-between px-4 py-4 sm:px-6">
          <span className="text-base font-bold tracking-tight">{common('appName')}</span>
          <ButtonAnchor href="/sign-in" variant="secondary">
            {common('signIn')}
          </ButtonAnchor>
        </nav>
      </header>

      <main id="main" className="flex-1">
        <section className="mx-auto max-w-5xl px-4 py-16 sm:px-6 sm:py-24">
          <p className="text-sm font-semibold text-brand-600 dark:text-brand-300">{t('eyebrow')}</p>
          <h1 className="mt-3 max-w-3xl text-4xl font-bold tracking-tight text-balance hyphens-auto sm:text-5xl">{t('title')}</h1>
          <p className="mt-6 max-w-2xl text-lg text-zinc-600 dark:text-zinc-300">{t('lead')}</p>
          <div className="mt-10 flex flex-wrap gap-3">
            <ButtonAnchor href="/sign-up">{t('getStarted')}</ButtonAnchor>
            <ButtonAnchor href="/sign-in" variant="secondary">
              {common('signIn')}
            </ButtonAnchor>
          </div>
        </section>

        <section aria-labelledby="features-heading" className="border-t border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900/50">
          <div className="mx-auto max-w-5xl px-4 py-16 sm:px-6">
            <h2 id="features-heading" className="text-2xl font-bold tracking-tight">
              {t('featuresHeading')}
            </h2>
            <ul className="mt-8 grid gap-6 sm:grid-cols-3">
              {features.map((feature) => (
                <li key={feature} className="rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900">
                  <h3 className="font-semibold hyphens-auto">{t(`features.${feature}.title`)}</h3>
                  <p className="mt-2 text-sm text-zinc-600 hyphens-auto dark:text-zinc-300">{t(`features.${feature}.body`)}</p>
                </li>
              ))}
            </ul>
          </div>
        </section>
      </main>

      <footer className="border-t border-zinc-200 dark:border-zinc-800">
        <div className="mx-auto max-w-5xl px-4 py-6 text-sm text-zinc-600 sm:px-6 dark:text-zinc-400">{t('footer')}</div>
      </footer>
    </div>
  );
}
