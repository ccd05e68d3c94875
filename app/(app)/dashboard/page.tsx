import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

import { ButtonLink } from '@/components/ui/button-link';
import { requireUser } from '@/lib/auth/session';
import { listUserOrganizations } from '@/lib/organizations/queries';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('dashboard');
  return { title: t('title') };
}

export default async function DashboardPage() {
  const user = await requireUser('/dashboard');
  const organizations = await listUserOrganizations(user.id);
  const t = await getTranslations('dashboard');
  const roles = await getTranslations('roles');

  return (
    <section aria-labelledby="dashboard-heading">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div className="min-w-0">
          <h1 id="dashboard-heading" className="text-2xl font-bold tracking-tight">
            {t('heading')}
          </h1>
          <p className="mt-1 wrap-anywhere text-zinc-600 dark:text-zinc-300">{t('signedInAs', { name: user.name })}</p>
        </div>
        <ButtonLink href="/organizations/new">{t('create')}</ButtonLink>
      </div>

      {organizations.length === 0 ? (
        <div className="mt-10 rounded-lg border border-dashed border-zinc-300 p-10 text-center dark:border-zinc-700">
          <h2 className="text-lg font-semibold">{t('emptyHeading')}</h2>
          <p className="mx-auto mt-2 max-w-md text-sm text-zinc-600 dark:text-zinc-300">{t('emptyBody')}</p>
          <ButtonLink href="/organizations/new" className="mt-6">
            {t('createFirst')}
          </ButtonLink>
        </div>
      ) : (
        <ul className="mt-8 grid gap-4 sm:grid-cols-2" aria-label={t('listLabel')}>
          {organizations.map((organization) => (
            <li key={organization.id}>
              <Link
                href={`/o/${organization.id}`}
                className="block h-full rounded-lg border border-zinc-200 p-5 hover:border-brand-500 dark:border-zinc-800 dark:hover:border-brand-300"
              >
                <div className="flex items-start justify-between gap-3">
                  <h2 className="min-w-0 font-semibold wrap-anywhere">{organization.name}</h2>
                  <span className="shrink-0 rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium capitalize text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                    {organization.roles.map((role) => roles('name', { role })).join(', ') || roles('none')}
                  </span>
                </div>
                {organization.description && (
                  <p className="mt-2 line-clamp-2 text-sm text-zinc-600 dark:text-zinc-300">{organization.description}</p>
                )}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
