import { type Page } from '@playwright/test';

import { createAccount, signIn } from './support/auth';
import { expect, test } from './support/test';
import { clickWhenHydrated } from './support/hydration';

const SAFARI_ON_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
const FIREFOX_ON_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

/** The app sends a signed-out browser to sign-in: its next request to a page redirects there. */
async function expectSentToSignIn(page: Page) {
  // With the browser's cookies, not following the redirect (so no new sign-in starts).
  const response = await page.request.get('/dashboard', { maxRedirects: 0 });
  expect(response.status()).toBe(307);
  expect(response.headers().location).toMatch(/^\/sign-in\?returnTo=%2Fdashboard$/);
}

/**
 * The same, as a navigation. Where it ends is Logto's business: a Logto session still alive in
 * that browser may sign it in again without a password (see the README's "Sessions").
 */
async function expectNavigationToSignIn(page: Page) {
  const navigations: string[] = [];
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) navigations.push(new URL(request.url()).pathname);
  });
  await page.goto('/dashboard');
  expect(navigations.slice(0, 2)).toEqual(['/dashboard', '/sign-in']);
}

test('a second browser signs the first out, then every other session; each lands on sign-in on its next request', async ({
  page,
  browser,
}) => {
  const { email, password } = await createAccount(page); // the laptop: Desktop Chrome
  const phoneContext = await browser.newContext({ baseURL: process.env.E2E_APP_URL, userAgent: SAFARI_ON_IPHONE });
  const phone = await phoneContext.newPage();
  await signIn(phone, email, { password });
  const desktopContext = await browser.newContext({ baseURL: process.env.E2E_APP_URL, userAgent: FIREFOX_ON_LINUX });
  const desktop = await desktopContext.newPage();
  await signIn(desktop, email, { password });

  await clickWhenHydrated(phone.getByRole('button', { name: /Account menu/ }));
  await phone.getByRole('menuitem', { name: 'Your sessions' }).click();
  await expect(phone).toHaveURL(/\/account\/sessions$/);
  const sessions = phone.getByRole('list', { name: 'Sessions' }).getByRole('listitem');
  await expect(sessions).toHaveCount(3);
  await expect(sessions.first()).toHaveAccessibleName('Safari 18 on iOS (this browser)');
  await expect(sessions.first().getByRole('button')).toHaveCount(0); // this one is signed out from the user menu
  const laptop = phone.getByRole('listitem', { name: /^Chrome \d+ on Windows$/ });
  await expect(laptop).toBeVisible();
  await expect(phone.getByRole('listitem', { name: 'Firefox 133 on Linux' })).toContainText('Active now');

  await laptop.getByRole('button', { name: /^Sign out of Chrome/ }).click();
  await laptop.getByRole('button', { name: 'Cancel' }).click();
  await expect(sessions).toHaveCount(3);
  await laptop.getByRole('button', { name: /^Sign out of Chrome/ }).click();
  await laptop.getByRole('button', { name: /^Confirm sign out of Chrome/ }).click();
  await expect(sessions).toHaveCount(2);
  await expect(laptop).toHaveCount(0);
  await expectSentToSignIn(page);

  await phone.getByRole('button', { name: 'Sign out all other sessions' }).click();
  await phone.getByRole('button', { name: 'Yes, sign out all other sessions' }).click();
  await expect(phone.getByRole('status')).toHaveText('Signed out 1 other session.');
  await expect(sessions).toHaveCount(1);
  await expect(phone.getByRole('button', { name: 'Sign out all other sessions' })).toHaveCount(0);
  await expectSentToSignIn(desktop);
  await expectNavigationToSignIn(desktop);

  // The browser that did it stays signed in.
  await phone.goto('/dashboard');
  await expect(phone.getByRole('heading', { name: 'Your organizations' })).toBeVisible();
  await phoneContext.close();
  await desktopContext.close();
});

test('the sessions page needs a signed-in user', async ({ page }) => {
  await page.goto('/account/sessions');
  await expect(page.getByLabel('Email or username')).toBeVisible();
  await expect(page).not.toHaveURL(/\/account\/sessions$/);
});
