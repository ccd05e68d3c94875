// Types next-intl's APIs: a key that is not in the English catalogue, or a locale that is
// not ours, is a type error. messages/de.json must have the same keys (i18n/catalogues.test.ts).
import type messages from '../messages/en.json';
import type { Locale } from './locales';

declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof messages;
  }
}
