import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

import { buttonClasses } from '@/components/ui/button-link';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('signInFailed');
  return { title: t('title') };
}

export default async function SignInFailedPage() {
  const t = await getTranslations('signInFailed');
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-4">
      <h1 className="text-2xl font-bold tracking-tight">{t('title')}</h1>
      <p className="mt-3 text-zinc-600 dark:text-zinc-300">{t('body')}</p>
      <div className="mt-6 flex flex-wrap gap-3">
        <a href="/sign-in" className={buttonClasses()}>
          {t('retry')}
        </a>
        <Link href="/" className={buttonClasses('secondary')}>
          {t('home')}
        </Link>
      </div>
    </main>
  );
}
