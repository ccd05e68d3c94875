// The app's languages and how one is chosen for a request. No server-only import: the
// negotiation is pure and unit-tested, and the switcher (a client component) lists the locales.

export const locales = ['en', 'de'] as const;

export type Locale = (typeof locales)[number];

export const defaultLocale: Locale = 'en';

/** Each language in its own words, as the switcher lists it. */
export const localeNames: Record<Locale, string> = { en: 'English', de: 'Deutsch' };

/** Cookie that remembers the language picked in the user menu (a year, whole site). */
export const LOCALE_COOKIE = 'locale';

export const LOCALE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

type Range = { tag: string; quality: number; order: number };

/** The ranges of an Accept-Language header (RFC 9110 §12.5.4), best first, q=0 dropped. */
function parseAcceptLanguage(header: string): Range[] {
  const ranges: Range[] = [];
  header.split(',').forEach((part, order) => {
    const [rawTag = '', ...params] = part.trim().split(';');
    const tag = rawTag.trim().toLowerCase();
    if (!tag) return;
    let quality = 1;
    for (const param of params) {
      const match = /^\s*q\s*=\s*(.*?)\s*$/i.exec(param);
      if (!match) continue;
      // A weight that is not a qvalue (0 to 1, three decimals at most) spoils the range.
      quality = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(match[1] ?? '') ? Number(match[1]) : 0;
    }
    if (quality <= 0) return;
    ranges.push({ tag, quality, order });
  });
  // Stable: equal qualities keep the header's order.
  return ranges.sort((a, b) => b.quality - a.quality || a.order - b.order);
}

/**
 * The best of our locales for an Accept-Language header, or null when none fits. A range
 * matches a locale by its primary subtag (`de-CH` -> de); `*` matches the default.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale | null {
  if (!acceptLanguage) return null;
  for (const { tag } of parseAcceptLanguage(acceptLanguage)) {
    if (tag === '*') return defaultLocale;
    const primary = tag.split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return null;
}

/** The request's locale: the remembered choice, else Accept-Language, else the default. */
export function resolveLocale({ cookie, acceptLanguage }: { cookie: string | null | undefined; acceptLanguage: string | null | undefined }): Locale {
  if (isLocale(cookie)) return cookie;
  return negotiateLocale(acceptLanguage) ?? defaultLocale;
}
