import type { Route } from 'next';
import Link from 'next/link';
import { useTranslations } from 'next-intl';

type Props = {
  page: number;
  pageCount: number;
  /** The URL of a page number (keeps the other query parameters, such as a search). */
  hrefFor: (page: number) => Route;
  label: string;
};

const linkClasses =
  'rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900';

/** Previous / next links with "Page x of y"; plain links, so they work without JavaScript. */
export function Pagination({ page, pageCount, hrefFor, label }: Props) {
  const t = useTranslations('pagination');
  if (pageCount <= 1) return null;
  return (
    <nav aria-label={label} className="mt-6 flex items-center justify-between gap-4">
      {page > 1 ? (
        <Link href={hrefFor(page - 1)} className={linkClasses} rel="prev">
          {t('previous')}
        </Link>
      ) : (
        <span />
      )}
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {t('page', { page, pageCount })}
      </p>
      {page < pageCount ? (
        <Link href={hrefFor(page + 1)} className={linkClasses} rel="next">
          {t('next')}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
