'use client';

import { useTranslations } from 'next-intl';
import { useEffect } from 'react';

import { buttonClasses } from '@/components/ui/button-link';

// Shown when a signed-in page fails to render (e.g. Logto is unreachable). No details of the
// error reach the browser in production; the server log has them.
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('appError');
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <section role="alert" className="mx-auto max-w-md py-16 text-center">
      <h1 className="text-2xl font-bold tracking-tight">{t('heading')}</h1>
      <p className="mt-3 text-zinc-600 dark:text-zinc-300">{t('body')}</p>
      {error.digest && <p className="mt-2 text-xs text-zinc-500">{t('reference', { digest: error.digest })}</p>}
      <button type="button" onClick={reset} className={`${buttonClasses()} mt-6`}>
        {t('retry')}
      </button>
    </section>
  );
}
