'use server';

import { revalidatePath } from 'next/cache';
import { cookies } from 'next/headers';
import { z } from 'zod';

import { getEnv } from '@/lib/env';

import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_SECONDS, locales } from './locales';

const localeFormSchema = z.object({ locale: z.enum(locales) });

/**
 * The language switcher (user menu): remembers the choice in a cookie for a year, on this
 * browser, and renders everything again in that language. An unknown value changes nothing.
 */
export async function setLocaleAction(formData: FormData): Promise<void> {
  const parsed = localeFormSchema.safeParse({ locale: formData.get('locale') });
  if (!parsed.success) return;
  (await cookies()).set(LOCALE_COOKIE, parsed.data.locale, {
    path: '/',
    maxAge: LOCALE_COOKIE_MAX_AGE_SECONDS,
    sameSite: 'lax',
    httpOnly: true,
    secure: getEnv().appUrl.startsWith('https://'),
  });
  revalidatePath('/', 'layout');
}
