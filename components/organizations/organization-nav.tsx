'use client';

import type { Route } from 'next';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';

type Item = { href: Route; label: string };

/** Tabs of an organization; only the ones the member's scopes allow are passed in. */
export function OrganizationNav({ items }: { items: Item[] }) {
  const pathname = usePathname();
  const t = useTranslations('organization');
  return (
    <nav aria-label={t('nav')} className="mt-6 border-b border-zinc-200 dark:border-zinc-800">
      {/* Wraps rather than scrolls: every tab stays in sight on a phone, focus rings unclipped. */}
      <ul className="-mb-px flex flex-wrap gap-x-4">
        {items.map((item) => {
          const current = pathname === item.href;
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? 'page' : undefined}
                className={`inline-block border-b-2 px-1 py-2 text-sm font-medium whitespace-nowrap ${
                  current
                    ? 'border-brand-600 text-brand-700 dark:border-brand-300 dark:text-brand-300'
                    : 'border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100'
                }`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
