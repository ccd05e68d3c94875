'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useTranslations } from 'next-intl';

import { useMenu } from '@/components/ui/use-menu';

type Organization = { id: string; name: string };

/**
 * The organizations menu in the header: the user's organizations with the current one marked,
 * plus the dashboard and "Create organization". Arrow keys, Home and End move between items;
 * Escape closes and returns focus to the button.
 */
export function OrganizationSwitcher({ organizations, unavailable = false }: { organizations: Organization[]; unavailable?: boolean }) {
  const params = useParams<{ orgId?: string }>();
  const current = organizations.find((organization) => organization.id === params.orgId);
  const { open, close, rootRef, menuId, onKeyDown, buttonProps } = useMenu();
  const t = useTranslations('organizationSwitcher');

  const itemClasses =
    'flex w-full items-center justify-between gap-2 rounded px-3 py-2 text-left text-sm hover:bg-zinc-100 focus-visible:bg-zinc-100 dark:hover:bg-zinc-800 dark:focus-visible:bg-zinc-800';

  return (
    <div ref={rootRef} className="relative min-w-0" onKeyDown={onKeyDown}>
      <button
        {...buttonProps}
        className="flex max-w-full items-center sm:max-w-64 gap-2 rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900"
      >
        <span className="sr-only">{t('current')}</span>
        <span className="truncate">{current?.name ?? t('fallback')}</span>
        <span aria-hidden="true" className="shrink-0">
          ▾
        </span>
      </button>
      {open && (
        <div
          id={menuId}
          role="menu"
          aria-label={t('label')}
          className="absolute left-0 z-20 mt-2 w-72 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {unavailable && <p className="px-3 py-2 text-sm text-zinc-600 dark:text-zinc-400">{t('unavailable')}</p>}
          {organizations.map((organization) => (
            <Link
              key={organization.id}
              href={`/o/${organization.id}`}
              role="menuitem"
              aria-current={organization.id === current?.id ? 'page' : undefined}
              onClick={close}
              className={itemClasses}
            >
              <span className="truncate">{organization.name}</span>
              {organization.id === current?.id && <span aria-hidden="true">✓</span>}
            </Link>
          ))}
          <div className="my-1 border-t border-zinc-200 dark:border-zinc-700" role="separator" />
          <Link href="/dashboard" role="menuitem" onClick={close} className={itemClasses}>
            {t('all')}
          </Link>
          <Link href="/organizations/new" role="menuitem" onClick={close} className={itemClasses}>
            {t('create')}
          </Link>
        </div>
      )}
    </div>
  );
}
