'use client';

import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { useFormStatus } from 'react-dom';

import { useMenu } from '@/components/ui/use-menu';
import { setLocaleAction } from '@/i18n/actions';
import { localeNames, locales } from '@/i18n/locales';

type Props = {
  name: string;
  email: string | null;
  initials: string;
  signOutAction: () => Promise<void>;
};

function SignOutButton() {
  const { pending } = useFormStatus();
  const t = useTranslations('userMenu');
  return (
    <button
      type="submit"
      role="menuitem"
      disabled={pending}
      className={itemClasses}
    >
      {pending ? t('signingOut') : t('signOut')}
    </button>
  );
}

const itemClasses =
  'block w-full rounded px-3 py-2 text-left text-sm hover:bg-zinc-100 focus-visible:bg-zinc-100 disabled:opacity-60 dark:hover:bg-zinc-800 dark:focus-visible:bg-zinc-800';

/** One entry per language, named in that language; the current one is checked. */
function LanguageItems() {
  const t = useTranslations('userMenu');
  const current = useLocale();
  return (
    <div role="group" aria-label={t('language')}>
      <p aria-hidden="true" className="px-3 pt-1 pb-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        {t('language')}
      </p>
      {locales.map((locale) => (
        <form key={locale} action={setLocaleAction}>
          <input type="hidden" name="locale" value={locale} />
          <button type="submit" role="menuitemradio" aria-checked={locale === current} lang={locale} className={`${itemClasses} flex items-center justify-between`}>
            {localeNames[locale]}
            {locale === current && <span aria-hidden="true">✓</span>}
          </button>
        </form>
      ))}
    </div>
  );
}

/** Avatar button with a small menu: who is signed in, their sessions, the language, sign-out. */
export function UserMenu({ name, email, initials, signOutAction }: Props) {
  const { open, close, rootRef, menuId, onKeyDown, buttonProps } = useMenu();
  const t = useTranslations('userMenu');

  return (
    <div ref={rootRef} className="relative shrink-0" onKeyDown={onKeyDown}>
      {/* The name comes from the content, not aria-label: the visible initials must not
          disagree with it (WCAG 2.5.3, label in name). */}
      <button
        {...buttonProps}
        className="flex size-9 items-center justify-center rounded-full bg-brand-600 text-sm font-semibold text-white hover:bg-brand-700"
      >
        <span aria-hidden="true">{initials}</span>
        <span className="sr-only">{t('button', { name })}</span>
      </button>
      {open && (
        <div
          id={menuId}
          role="menu"
          aria-label={t('label')}
          className="absolute right-0 z-20 mt-2 w-60 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          <div className="px-3 py-2 text-sm">
            <p className="truncate font-medium">{name}</p>
            {/* Without a display name the name is the e-mail address: once is enough. */}
            {email && email !== name && <p className="truncate text-zinc-600 dark:text-zinc-400">{email}</p>}
          </div>
          <div className="my-1 border-t border-zinc-200 dark:border-zinc-700" role="separator" />
          <Link href="/account/sessions" role="menuitem" onClick={close} className={itemClasses}>
            {t('sessions')}
          </Link>
          <div className="my-1 border-t border-zinc-200 dark:border-zinc-700" role="separator" />
          <LanguageItems />
          <div className="my-1 border-t border-zinc-200 dark:border-zinc-700" role="separator" />
          <form action={signOutAction}>
            <SignOutButton />
          </form>
        </div>
      )}
    </div>
  );
}
