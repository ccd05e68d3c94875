import { createTranslator } from 'next-intl';

import type { PeopleNames } from '@/lib/display-name';
import en from '@/messages/en.json';

/** The stand-in names in English, from the catalogue, as lib/people-names.ts makes them for a request. */
const t = createTranslator({ locale: 'en', messages: en, namespace: 'people' });

export const englishPeopleNames: PeopleNames = {
  unnamed: t('unnamed'),
  unknown: t('unknown'),
  deleted: t('deleted'),
  apiKey: (name) => t('apiKey', { name }),
};
