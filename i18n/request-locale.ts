import 'server-only';

import { cookies, headers } from 'next/headers';

import { LOCALE_COOKIE, resolveLocale, type Locale } from './locales';

/**
 * This request's locale (the switcher's cookie, else Accept-Language, else English), wherever
 * next/headers works: pages, server actions, route handlers.
 */
export async function requestLocale(): Promise<Locale> {
  return resolveLocale({
    cookie: (await cookies()).get(LOCALE_COOKIE)?.value,
    acceptLanguage: (await headers()).get('accept-language'),
  });
}
