// next-intl's request configuration (found by the plugin in next.config.ts): the locale of
// this request and its messages, for Server Components, server actions and, through the
// provider in app/layout.tsx, Client Components. No locale in the URL: see i18n/locales.ts.
import { getRequestConfig } from 'next-intl/server';

import type { Locale } from './locales';
import { requestLocale } from './request-locale';

const catalogues = {
  en: () => import('../messages/en.json'),
  de: () => import('../messages/de.json'),
} satisfies Record<Locale, () => Promise<unknown>>;

export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return {
    locale,
    messages: (await catalogues[locale]()).default,
    // Server and browser must format a date the same way (hydration); the app shows UTC.
    timeZone: 'UTC',
  };
});
