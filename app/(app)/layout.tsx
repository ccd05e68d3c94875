import { headers } from 'next/headers';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

import { OrganizationSwitcher } from '@/components/app-shell/organization-switcher';
import { UserMenu } from '@/components/app-shell/user-menu';
import { signOutAction } from '@/lib/auth/actions';
import { REQUEST_PATH_HEADER } from '@/lib/auth/return-path';
import { requireUser } from '@/lib/auth/session';
import { listUserOrganizations, type OrganizationSummary } from '@/lib/organizations/queries';

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  // Pages check for themselves too; this only decides what the shell shows. The proxy tells
  // us which page was asked for, so sign-in comes back to it.
  const user = await requireUser((await headers()).get(REQUEST_PATH_HEADER) ?? '/dashboard');
  let organizations: OrganizationSummary[] = [];
  let unavailable = false;
  try {
    organizations = await listUserOrganizations(user.id);
  } catch (error) {
    // The shell still renders; the page below says what failed.
    console.error('[shell] could not list organizations:', error);
    unavailable = true;
  }
  const t = await getTranslations('common');
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-zinc-200 dark:border-zinc-800">
        <nav aria-label={t('mainNav')} className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-3 sm:px-6">
          <div className="flex min-w-0 items-center gap-4">
            <Link href="/dashboard" className="shrink-0 text-base font-bold tracking-tight">
              {t('appName')}
            </Link>
            <OrganizationSwitcher
              organizations={organizations.map(({ id, name }) => ({ id, name }))}
              unavailable={unavailable}
            />
          </div>
          <UserMenu name={user.name} email={user.email} initials={user.initials} signOutAction={signOutAction} />
        </nav>
      </header>
      <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 sm:px-6">
        {children}
      </main>
    </div>
  );
}
