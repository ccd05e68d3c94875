import 'server-only';

import { getTranslations } from 'next-intl/server';

import type { PeopleNames } from './display-name';

/** The stand-in names for people without one, in the request's language. */
export async function peopleNames(): Promise<PeopleNames> {
  const t = await getTranslations('people');
  return {
    unnamed: t('unnamed'),
    unknown: t('unknown'),
    deleted: t('deleted'),
    apiKey: (name) => t('apiKey', { name }),
  };
}
