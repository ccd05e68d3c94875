import { randomBytes } from 'node:crypto';

import type { Page } from '@playwright/test';
import { z } from 'zod';

import { expect, test } from './support/test';
import { createAccount, signIn } from './support/auth';
import { createOrganizationWith, createUser, managementApi, PASSWORD } from './support/tenant';
import { clickWhenHydrated, expectHydrated } from './support/hydration';

async function ownedOrganizationNames(userId: string) {
  const organizations = await managementApi().users.organizations(userId);
  return organizations.filter((o) => o.organizationRoles.some((role) => role.name === 'owner')).map((o) => o.name);
}

async function fillCreateForm(page: Page, name: string, description = '') {
  await page.goto('/organizations/new');
  await page.getByLabel('Name').fill(name);
  if (description) await page.getByLabel('Description (optional)').fill(description);
}

test('a new user creates an organization, lands in it and finds it in the switcher and dashboard', async ({ page }) => {
  await createAccount(page);
  await expect(page.getByRole('heading', { name: 'No organizations yet' })).toBeVisible();
  await page.getByRole('link', { name: 'Create your first organization' }).click();

  await page.getByLabel('Name').fill('  Acme Rockets  ');
  await page.getByLabel('Description (optional)').fill('We make rockets.');
  await page.getByRole('button', { name: 'Create organization' }).click();

  await expect(page).toHaveURL(/\/o\/[a-z0-9]+$/);
  await expect(page.getByRole('heading', { name: 'Acme Rockets', level: 1 })).toBeVisible();
  await expect(page.getByText('Your role: owner')).toBeVisible();

  const switcher = page.getByRole('button', { name: /Switch organization/ });
  await expect(switcher).toContainText('Acme Rockets');
  await clickWhenHydrated(switcher);
  await expect(page.getByRole('menuitem', { name: 'Acme Rockets' })).toHaveAttribute('aria-current', 'page');
  await page.keyboard.press('Escape');
  await expect(switcher).toBeFocused();

  await page.goto('/dashboard');
  const card = page.getByRole('list', { name: 'Organizations' }).getByRole('link', { name: /Acme Rockets/ });
  await expect(card).toContainText('owner');
  await expect(card).toContainText('We make rockets.');
});

test('the switcher works with the keyboard alone', async ({ page }) => {
  const user = await createUser('switcher');
  await createOrganizationWith('Alpha Org', [[user, 'member']]);
  await createOrganizationWith('Beta Org', [[user, 'viewer']]);
  await signIn(page, user.username, { password: PASSWORD });

  const switcher = page.getByRole('button', { name: /Switch organization/ });
  await expectHydrated(switcher);
  await switcher.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Alpha Org' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Beta Org' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(page.getByRole('menuitem', { name: '+ Create organization' })).toBeFocused();
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/o\/[a-z0-9]+$/);
  await expect(page.getByRole('heading', { name: 'Alpha Org', level: 1 })).toBeVisible();
});

test('a double submit makes exactly one organization', async ({ page }) => {
  const user = await createUser('double');
  await signIn(page, user.username, { password: PASSWORD });

  // Two submissions of the same rendered form, as a flaky network retry does.
  await fillCreateForm(page, 'Only Once');
  await page.getByRole('main').locator('form').evaluate((form: HTMLFormElement) => {
    form.requestSubmit();
    form.requestSubmit();
  });
  await expect(page).toHaveURL(/\/o\/[a-z0-9]+$/);
  expect(await ownedOrganizationNames(user.id)).toEqual(['Only Once']);

  // An impatient double click on a fresh form.
  await fillCreateForm(page, 'Clicked Twice');
  await page.getByRole('button', { name: 'Create organization' }).dblclick();
  await expect(page).toHaveURL(/\/o\/[a-z0-9]+$/);
  await expect(page.getByRole('heading', { name: 'Clicked Twice', level: 1 })).toBeVisible();
  expect((await ownedOrganizationNames(user.id)).sort()).toEqual(['Clicked Twice', 'Only Once']);
});

test('a submission whose answer was lost, then a reload and the same submission, makes one organization', async ({ page }) => {
  const user = await createUser('reload');
  await signIn(page, user.username, { password: PASSWORD });

  await fillCreateForm(page, 'Reloaded Co');
  await expectHydrated(page.getByRole('button', { name: 'Create organization' }));
  // The server gets the submission and makes the organization; the browser never hears back
  // (a dropped connection, or the user reloading while "Creating…").
  let made = false;
  await page.route(
    (url) => url.pathname === '/organizations/new',
    async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      await route.fetch();
      made = true;
      await route.abort('connectionreset');
    },
  );
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect.poll(() => made).toBe(true);
  await page.unrouteAll({ behavior: 'wait' });
  expect(await ownedOrganizationNames(user.id)).toEqual(['Reloaded Co']);

  await page.reload();
  await page.getByLabel('Name').fill('Reloaded Co');
  await expectHydrated(page.getByRole('button', { name: 'Create organization' }));
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page).toHaveURL(/\/o\/[a-z0-9]+$/);
  await expect(page.getByRole('heading', { name: 'Reloaded Co', level: 1 })).toBeVisible();
  expect(await ownedOrganizationNames(user.id)).toEqual(['Reloaded Co']);

  // Anything else is a new organization.
  await fillCreateForm(page, 'Reloaded Co', 'Another one, on purpose');
  await expectHydrated(page.getByRole('button', { name: 'Create organization' }));
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('heading', { name: 'Reloaded Co', level: 1 })).toBeVisible();
  await expect.poll(() => ownedOrganizationNames(user.id)).toEqual(['Reloaded Co', 'Reloaded Co']);
});

test('empty and too-long names are refused next to the field, keeping what was typed', async ({ page }) => {
  const user = await createUser('fields');
  await signIn(page, user.username, { password: PASSWORD });

  await fillCreateForm(page, '   ', 'kept description');
  await page.getByRole('button', { name: 'Create organization' }).click();
  const name = page.getByLabel('Name');
  await expect(page.locator('#field-name-error')).toHaveText('Enter a name for the organization.');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toHaveAttribute('aria-describedby', /field-name-error/);
  await expect(page.getByLabel('Description (optional)')).toHaveValue('kept description');

  const long = 'x'.repeat(129);
  await name.evaluate((input: HTMLInputElement, value) => {
    input.removeAttribute('maxlength'); // what a non-browser client could send
    input.value = value;
  }, long);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.locator('#field-name-error')).toHaveText('Use at most 128 characters.');
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Please correct the highlighted fields.');
  expect(await ownedOrganizationNames(user.id)).toEqual([]);

  // Corrected and sent again: while that is pending, the old verdicts no longer show.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url) => url.pathname === '/organizations/new',
    async (route) => {
      if (route.request().method() === 'POST') await held;
      await route.continue();
    },
  );
  await name.fill('Fields Fixed');
  await expectHydrated(page.getByRole('button', { name: 'Create organization' }));
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('button', { name: 'Creating…' })).toBeDisabled();
  await expect(page.locator('#field-name-error')).toHaveCount(0);
  await expect(name).not.toHaveAttribute('aria-invalid');
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
  release();
  await expect(page.getByRole('heading', { name: 'Fields Fixed', level: 1 })).toBeVisible();
});

test('a user whose role lacks create:organizations sees the error and nothing is created', async ({ page }) => {
  const user = await createUser('norole');
  const api = managementApi();
  const { data: roles } = await api.request('GET', `/users/${user.id}/roles`, { schema: z.array(z.object({ id: z.string(), name: z.string() })) });
  for (const role of roles) await api.request('DELETE', `/users/${user.id}/roles/${role.id}`);

  await signIn(page, user.username, { password: PASSWORD });
  await fillCreateForm(page, 'Not Allowed Inc');
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText("You don't have permission to create organizations");
  await expect(page.getByLabel('Name')).toHaveValue('Not Allowed Inc');
  expect(await api.users.organizations(user.id)).toEqual([]);
});

test('the quota refuses the eleventh organization', async ({ page }) => {
  const user = await createUser('quota');
  for (let index = 1; index <= 10; index += 1) await createOrganizationWith(`Quota Org ${index}`, [[user, 'owner']]);
  await signIn(page, user.username, { password: PASSWORD });
  await fillCreateForm(page, 'Quota Org 11');
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toContainText('the most allowed (10)');
  expect(await ownedOrganizationNames(user.id)).toHaveLength(10);
});

test('a long organization name fits a phone screen: dashboard, header and tabs', async ({ page }) => {
  const user = await createUser('phone');
  const name = `Supercalifragilisticexpialidocious${randomBytes(3).toString('hex')}Incorporated`;
  const organization = await createOrganizationWith(name, [[user, 'owner']]);
  await page.setViewportSize({ width: 375, height: 740 });
  await signIn(page, user.username, { password: PASSWORD });

  // Measured once the page has loaded: before its stylesheet applies (the browser paints nothing
  // yet) the unstyled name is as wide as it is long.
  const pageWidth = async () => {
    await page.waitForLoadState('load');
    return page.evaluate(() => document.documentElement.scrollWidth);
  };
  await expect(page.getByRole('list', { name: 'Organizations' }).getByRole('link', { name: new RegExp(name) })).toBeVisible();
  expect(await pageWidth()).toBeLessThanOrEqual(375);

  await page.goto(`/o/${organization.id}/members`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  expect(await pageWidth()).toBeLessThanOrEqual(375);
  // The account menu stays on screen beside the switcher, and every tab is in view.
  await expect(page.getByRole('button', { name: /account menu/i })).toBeInViewport();
  for (const tab of await page.getByRole('navigation', { name: 'Organization' }).getByRole('link').all()) {
    await expect(tab).toBeInViewport();
  }
  // The member's name and e-mail keep a readable width; the role controls wrap below them.
  const nameBox = await page.getByRole('listitem', { name: user.name }).getByText(user.email).boundingBox();
  expect(nameBox?.width).toBeGreaterThan(100);
});
