// Languages: the switcher in the user menu (remembered in a cookie), Accept-Language without a
// choice, dates and numbers in the chosen language, and Logto asked for the same language.
import { type BrowserContext, type Page } from '@playwright/test';

import { createAccount, uniqueEmail } from './support/auth';
import { createOrganization, uniqueName } from './support/organizations';
import { expect, test } from './support/test';
import { clickWhenHydrated } from './support/hydration';

async function chooseLanguage(page: Page, accountMenu: RegExp, language: 'English' | 'Deutsch') {
  await clickWhenHydrated(page.getByRole('button', { name: accountMenu }));
  await page.getByRole('menuitemradio', { name: language }).click();
}

// ICU's `{date, date, medium}`: "Nov 30, 2026" in English, "30. Nov. 2026" in German.
const mediumDate = (locale: string) =>
  new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date());

async function localeCookie(context: BrowserContext) {
  return (await context.cookies()).find((cookie) => cookie.name === 'locale');
}

test('the user menu switches to German: text, dates and plurals follow, and the choice is remembered', async ({ page, context }) => {
  await createAccount(page);
  const organizationId = await createOrganization(page, uniqueName('Sprachschule'));
  await page.getByLabel('Project name').fill('Wörterbuch');
  await page.getByRole('button', { name: 'Create project' }).click();
  const project = page.getByRole('listitem', { name: 'Wörterbuch' });
  await expect(project).toContainText(`Created ${mediumDate('en')}`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await chooseLanguage(page, /account menu/i, 'Deutsch');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('navigation', { name: 'Organisation' }).getByRole('link', { name: 'Mitglieder' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Projekte' })).toBeVisible();
  // German dates: "30. Nov. 2026", not "Nov 30, 2026".
  await expect(project).toContainText(`Angelegt am ${mediumDate('de')}`);
  expect(await localeCookie(context)).toMatchObject({ value: 'de', httpOnly: true, sameSite: 'Lax' });

  // Remembered: a reload and another page of the app stay German, plurals included.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Projekte' })).toBeVisible();
  await page.goto(`/o/${organizationId}/members`);
  await expect(page.getByText('1 Mitglied', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: /Kontomenü/ })).toBeVisible();
  await page.getByRole('button', { name: /Kontomenü/ }).click();
  await expect(page.getByRole('menuitemradio', { name: 'Deutsch' })).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('Escape');

  // And back.
  await chooseLanguage(page, /Kontomenü/, 'English');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByText('1 member', { exact: true })).toBeVisible();
});

test('without a choice, Accept-Language decides between English and German', async ({ browser }) => {
  const german = await browser.newContext({ locale: 'de-DE' });
  const page = await german.newPage();
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('link', { name: 'Jetzt loslegen' })).toBeVisible();
  await german.close();

  const french = await browser.newContext({ locale: 'fr-FR' });
  const other = await french.newPage();
  await other.goto('/');
  await expect(other.locator('html')).toHaveAttribute('lang', 'en');
  await expect(other.getByRole('link', { name: 'Get started' })).toBeVisible();
  await french.close();
});

test('sign-in asks Logto for the chosen language, and the local Logto answers in German', async ({ page, context, baseURL }) => {
  // The choice beats the browser's English.
  await context.addCookies([{ name: 'locale', value: 'de', url: baseURL ?? '' }]);
  const authorization = page.waitForRequest((request) => new URL(request.url()).pathname.endsWith('/oidc/auth'));
  await page.goto('/sign-in');
  expect(new URL((await authorization).url()).searchParams.get('ui_locales')).toBe('de');

  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();
  await page.getByLabel('E-Mail-Adresse oder Benutzername').fill('nobody-here@example.com');
  await page.getByLabel('Passwort').fill('not-the-password');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByText('E-Mail-Adresse, Benutzername oder Passwort ist falsch.')).toBeVisible();
});

test('what the server says about a form is German too: a field rule and a domain rule', async ({ page, context, baseURL }) => {
  const email = uniqueEmail('sprache');
  await createAccount(page, { email });
  const organizationId = await createOrganization(page, uniqueName('Fehlerkultur'));
  await context.addCookies([{ name: 'locale', value: 'de', url: baseURL ?? '' }]);

  // The schema's message next to the field, for a name longer than the form lets a browser type.
  await page.goto('/organizations/new');
  const name = page.getByLabel('Name', { exact: true });
  await name.evaluate((input: HTMLInputElement, value) => {
    input.removeAttribute('maxlength');
    input.value = value;
  }, 'x'.repeat(129));
  await page.getByRole('button', { name: 'Organisation anlegen' }).click();
  await expect(page.locator('#field-name-error')).toHaveText('Verwenden Sie höchstens 128 Zeichen.');
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Bitte korrigieren Sie die markierten Felder.');

  // A refusal from the domain (an AppError), with the reason for the address: already a member.
  await page.goto(`/o/${organizationId}/members`);
  await page.getByLabel('E-Mail-Adressen').fill(email);
  await page.getByRole('button', { name: 'Einladungen senden' }).click();
  await expect(page.getByText(`Niemand wurde eingeladen: ${email} (ist bereits Mitglied).`)).toBeVisible();
});
