import type { Metadata } from 'next';
import Link from 'next/link';

import { buttonClasses } from '@/components/ui/button-link';

export const metadata: Metadata = { title: 'Sign-in did not complete' };

export default function SignInFailedPage() {
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-4">
      <h1 className="text-2xl font-bold tracking-tight">Sign-in did not complete</h1>
      <p className="mt-3 text-zinc-600 dark:text-zinc-300">
        The sign-in link was used already, expired, or was opened in another tab. Nothing was changed.
      </p>
      <div className="mt-6 flex gap-3">
        <a href="/sign-in" className={buttonClasses()}>
          Try again
        </a>
        <Link href="/" className={buttonClasses('secondary')}>
          Home
        </Link>
      </div>
    </main>
  );
}
