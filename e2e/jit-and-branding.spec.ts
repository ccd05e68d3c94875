import { randomBytes } from 'node:crypto';

import type { BrowserContext, Page } from '@playwright/test';

import { createAccount, uniqueEmail } from './support/auth';
import { createOrganization, inviteThroughApi, uniqueName } from './support/organizations';
import { expect, test } from './support/test';

const appUrl = () => process.env.E2E_APP_URL ?? '';

// Logos must be https URLs (the app's settings refuse anything else, and a data: URL is not
// https), so the tests use real https URLs on a reserved test domain and let Playwright answer
// them with a small PNG: the URL goes through the app's validation, its CSP and the local
// Logto's sign-in page unchanged, and nothing leaves the machine. A local https server would
// need a certificate the browser trusts; routing needs none.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGMwTltFEmIY1TCqYfhqAABBAkMQCATB7wAAAABJRU5ErkJggg==',
  'base64',
);

function brandImages(label: string) {
  const host = `https://brand-${randomBytes(4).toString('hex')}.example.test`;
  return { logo: `${host}/${label}-light.png`, darkLogo: `${host}/${label}-dark.png`, host };
}

async function serveBrandImages(context: BrowserContext, host: string) {
  await context.route(`${host}/**`, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: PNG }));
}

async function expectImageLoaded(page: Page, selector: string, src: string) {
  const image = page.locator(selector);
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth > 0 && element.currentSrc)).toBe(src);
}

test('an owner lists an e-mail domain; a new user at that domain signs up and lands in the organization with the chosen role', async ({ page, browser }) => {
  test.slow(); // three accounts and two organizations: longer than one test's default minute on 2 cores
  await createAccount(page);
  const name = uniqueName('Jit Co');
  const organizationId = await createOrganization(page, name);
  await page.goto(`/o/${organizationId}/settings`);
  const section = page.getByRole('region', { name: 'Automatic membership' });
  await expect(section.getByText('No domains yet.')).toBeVisible();

  // Public mail domains are refused next to the field.
  await section.getByLabel('E-mail domain').fill('gmail.com');
  await section.getByRole('button', { name: 'Add domain' }).click();
  await expect(section.getByText('gmail.com is a public e-mail provider: anyone can get an address there.', { exact: false })).toBeVisible();
  await expect(section.getByLabel('E-mail domain')).toHaveAttribute('aria-invalid', 'true');

  const domain = `jit-${randomBytes(4).toString('hex')}.test`;
  await section.getByLabel('E-mail domain').fill(`@${domain.toUpperCase()}`);
  await section.getByRole('button', { name: 'Add domain' }).click();
  await expect(section.getByRole('status').filter({ hasText: `Added ${domain}. New people from it join as member` })).toBeVisible();
  await expect(section.getByRole('list', { name: 'Domains' }).getByText(domain, { exact: true })).toBeVisible();

  await section.getByLabel('Role for new people').selectOption('viewer');
  await section.getByRole('button', { name: 'Save role' }).click();
  await expect(section.getByRole('status').filter({ hasText: 'New people now join as viewer.' })).toBeVisible();

  // The same domain for another organization of this app is refused next to the field.
  const otherId = await createOrganization(page, uniqueName('Other Co'));
  await page.goto(`/o/${otherId}/settings`);
  const otherSection = page.getByRole('region', { name: 'Automatic membership' });
  await otherSection.getByLabel('E-mail domain').fill(domain);
  await otherSection.getByRole('button', { name: 'Add domain' }).click();
  await expect(otherSection.locator('#field-emailDomain-error')).toHaveText(`${domain} is already used for automatic membership by another organization.`);

  // A new person at the domain signs up and is a viewer of the organization at once.
  const newcomerContext = await browser.newContext({ baseURL: appUrl() });
  const newcomer = await newcomerContext.newPage();
  await createAccount(newcomer, { email: `newcomer-${randomBytes(3).toString('hex')}@${domain}` });
  await newcomer.goto(`/o/${organizationId}`);
  await expect(newcomer.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(newcomer.getByText('Your role: viewer')).toBeVisible();
  await newcomerContext.close();

  // Someone at another domain does not join.
  const outsiderContext = await browser.newContext({ baseURL: appUrl() });
  const outsider = await outsiderContext.newPage();
  await createAccount(outsider, { email: uniqueEmail('outsider') });
  await outsider.goto(`/o/${organizationId}`);
  await expect(outsider.getByRole('heading', { name: "You don't have access to this organization" })).toBeVisible();
  await outsiderContext.close();

  await page.goto(`/o/${organizationId}/settings`);
  await section.getByRole('button', { name: `Remove ${domain}` }).click();
  await expect(section.getByRole('status').filter({ hasText: `Removed ${domain}.` })).toBeVisible();
  await expect(section.getByText('No domains yet.')).toBeVisible();
});

test("the invitation's sign-in page and the organization's sign-in link show the organization's logo", async ({ page, browser }) => {
  const { logo, darkLogo, host } = brandImages('invite');
  await serveBrandImages(page.context(), host);
  await createAccount(page);
  const name = uniqueName('Branded Co');
  const organizationId = await createOrganization(page, name);
  await page.goto(`/o/${organizationId}/settings`);
  await page.getByLabel('Logo URL (optional)').fill(logo);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();

  const branding = page.getByRole('region', { name: 'Sign-in branding' });
  await branding.getByLabel('Logo for dark mode (optional)').fill('http://insecure.example.test/dark.png');
  await branding.getByLabel('Primary colour (optional)').fill('red');
  await branding.getByRole('button', { name: 'Save branding' }).click();
  await expect(branding.locator('#field-darkLogoUrl-error')).toHaveText('Enter an https:// address of an image, or leave it empty.');
  await expect(branding.locator('#field-primaryColor-error')).toHaveText('Enter a colour as #RRGGBB (for example #3366AA), or leave it empty.');
  await branding.getByLabel('Logo for dark mode (optional)').fill(darkLogo);
  await branding.getByLabel('Primary colour (optional)').fill('#3366aa');
  await branding.getByRole('button', { name: 'Save branding' }).click();
  await expect(branding.getByRole('status').filter({ hasText: 'Branding saved.' })).toBeVisible();
  await expectImageLoaded(page, `img[src="${darkLogo}"]`, darkLogo);
  const signInLink = await branding.getByTestId('organization-sign-in-link').getAttribute('href');
  expect(signInLink).toBe(`${appUrl()}/sign-in?returnTo=%2Fo%2F${organizationId}&organizationId=${organizationId}`);

  // The invitee, signed out, sees the logo on the invitation and on Logto's sign-in page.
  const invitee = uniqueEmail('branded-invitee');
  const setup = await browser.newContext({ baseURL: appUrl() });
  await createAccount(await setup.newPage(), { email: invitee, password: 'invitee-password' });
  await setup.close();
  const invitationId = await inviteThroughApi(organizationId, invitee, 'member');
  const guestContext = await browser.newContext({ baseURL: appUrl() });
  await serveBrandImages(guestContext, host);
  const guest = await guestContext.newPage();
  await guest.goto(`/invitations/${invitationId}`);
  await expectImageLoaded(guest, `img[alt="${name} logo"]`, logo);
  await guest.getByRole('link', { name: 'Sign in to accept' }).click();
  await expect(guest).toHaveURL(new RegExp(`/sign-in\\?app_id=[^&]+&organization_id=${organizationId}$`));
  await expectImageLoaded(guest, '#organization-logo', logo);
  await expect(guest.locator('#organization-logo')).toHaveAttribute('alt', `${name} logo`);
  // In dark mode the browser picks the dark logo.
  await guest.emulateMedia({ colorScheme: 'dark' });
  await expectImageLoaded(guest, '#organization-logo', darkLogo);
  await guest.getByLabel('Password').fill('invitee-password');
  await guest.getByRole('button', { name: 'Sign in' }).click();
  await expect(guest).toHaveURL(`${appUrl()}/invitations/${invitationId}`);
  await expect(guest.getByRole('button', { name: /Accept and join/ })).toBeVisible();
  await guestContext.close();

  // The organization's sign-in link, opened signed out, shows the logo and comes back to it.
  const memberContext = await browser.newContext({ baseURL: appUrl() });
  await serveBrandImages(memberContext, host);
  const member = await memberContext.newPage();
  await member.goto(signInLink ?? '');
  await expectImageLoaded(member, '#organization-logo', logo);
  await memberContext.close();
});

test('the sign-in page without an organization shows no logo', async ({ page }) => {
  await page.goto('/sign-in?returnTo=/dashboard');
  await expect(page.getByLabel('Email or username')).toBeVisible();
  await expect(page.locator('#organization-logo')).toHaveCount(0);
});
