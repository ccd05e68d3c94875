import { useTranslations } from 'next-intl';

import { buttonClasses } from '@/components/ui/button-link';

/** A GET form: the search lives in the URL (?q=), so results are linkable and work without JavaScript. */
export function MemberSearch({ action, q }: { action: string; q: string }) {
  const t = useTranslations('members');
  return (
    <form action={action} method="get" role="search" className="flex items-end gap-2">
      <div className="min-w-0 flex-1">
        <label htmlFor="member-search" className="block text-sm font-medium">
          {t('search')}
        </label>
        <input
          id="member-search"
          name="q"
          type="search"
          defaultValue={q}
          maxLength={100}
          placeholder={t('searchPlaceholder')}
          className="mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-zinc-400 dark:border-zinc-700 dark:bg-zinc-900"
        />
      </div>
      <button type="submit" className={buttonClasses('secondary')}>
        {t('searchButton')}
      </button>
    </form>
  );
}
