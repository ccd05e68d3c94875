// The accessibility gate: every page of the app, signed out and signed in, with its error
// states, confirmations and menus open, scanned by axe (WCAG 2.0-2.2 A and AA) in light and
// dark mode. The local Logto's own sign-in pages are not the app's and are not scanned here.
import AxeBuilder from '@axe-core/playwright';
import { type Page } from '@playwright/test';

import { createAccount, signIn, uniqueEmail } from './support/auth';
import { expectAccessible, formatViolations, WCAG_TAGS } from './support/axe';
import { createOrganization, inviteThroughApi, managementApi, openExpiredInvitation, uniqueName } from './support/organizations';
import { createUser, PASSWORD } from './support/tenant';
import { expect, test } from './support/test';
import { clickWhenHydrated } from './support/hydration';

// Each state is scanned twice (light and dark); a full scan takes seconds on a busy machine.
test.describe.configure({ timeout: 5 * 60_000 });

async function openMenu(page: Page, button: RegExp) {
  await clickWhenHydrated(page.getByRole('button', { name: button }));
  await expect(page.getByRole('menu')).toBeVisible();
}

test('signed-out pages: landing, sign-in failed, and every state of an invitation', async ({ page }) => {
  await page.goto('/');
  await expectAccessible(page, 'the landing page');

  await page.goto('/sign-in/failed');
  await expect(page.getByRole('heading', { name: 'Sign-in did not complete' })).toBeVisible();
  await expectAccessible(page, 'the sign-in failed page');

  await page.goto('/invitations/doesnotexist');
  await expect(page.getByRole('heading', { name: 'Invitation not found' })).toBeVisible();
  await expectAccessible(page, 'an unknown invitation');

  const api = managementApi();
  const organization = await api.organizations.create({ name: uniqueName('Axe Invite Co') });
  const pending = await inviteThroughApi(organization.id, uniqueEmail('axe-pending'), 'member');
  await page.goto(`/invitations/${pending}`);
  await expect(page.getByRole('link', { name: 'Sign in to accept' })).toBeVisible();
  await expectAccessible(page, 'a pending invitation, signed out');

  const revoked = await inviteThroughApi(organization.id, uniqueEmail('axe-revoked'), 'member');
  await api.invitations.setStatus(revoked, 'Revoked');
  await page.goto(`/invitations/${revoked}`);
  await expect(page.getByRole('heading', { name: 'This invitation was revoked' })).toBeVisible();
  await expectAccessible(page, 'a revoked invitation');

  const expired = await inviteThroughApi(organization.id, uniqueEmail('axe-expired'), 'member', { expiresAt: Date.now() + 2_000 });
  await openExpiredInvitation(page, expired);
  await expectAccessible(page, 'an expired invitation');
});

test('invitation pages signed in: another account, ready to accept, declined', async ({ page }) => {
  const organization = await managementApi().organizations.create({ name: uniqueName('Axe Join Co') });
  const { email } = await createAccount(page);

  const forSomeoneElse = await inviteThroughApi(organization.id, uniqueEmail('axe-other'), 'viewer');
  await page.goto(`/invitations/${forSomeoneElse}`);
  await expect(page.getByRole('heading', { name: 'This invitation is for another account' })).toBeVisible();
  await expectAccessible(page, 'an invitation for another account');

  const forMe = await inviteThroughApi(organization.id, email, 'viewer');
  await page.goto(`/invitations/${forMe}`);
  await expect(page.getByRole('button', { name: /Accept and join/ })).toBeVisible();
  await expectAccessible(page, 'an invitation ready to accept');
  await page.getByRole('button', { name: 'Decline' }).click();
  await expect(page.getByRole('button', { name: 'Yes, decline' })).toBeVisible();
  await expectAccessible(page, 'the decline confirmation');
  await page.getByRole('button', { name: 'Yes, decline' }).click();
  await expect(page.getByRole('heading', { name: 'You declined the invitation' })).toBeVisible();
  await expectAccessible(page, 'a declined invitation');
});

test('the gate itself: a violation fails with rule, element and summary', async ({ page }) => {
  await page.setContent(
    '<html lang="en"><head><title>Gate check</title></head><body><main><h1>Gate check</h1><p style="color:#bbb;background:#fff">faint text</p><button id="bare"></button></main></body></html>',
  );
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const report = formatViolations(violations);
  expect(violations.map((violation) => violation.id).sort()).toEqual(['button-name', 'color-contrast']);
  expect(report).toContain('- button-name (critical): Buttons must have discernible text\n    at #bare');
  expect(report).toMatch(/- color-contrast \(serious\): .*\n {4}at p\n {4}Fix any of the following:/);
});

test('signed-in pages: dashboard, user menu, create form with errors, organization home, switcher', async ({ page }) => {
  await createAccount(page);
  await expect(page.getByRole('heading', { name: 'No organizations yet' })).toBeVisible();
  await expectAccessible(page, 'the empty dashboard');
  await openMenu(page, /Account menu/);
  await expectAccessible(page, 'the open user menu');
  await page.keyboard.press('Escape');

  await page.goto('/organizations/new');
  await expectAccessible(page, 'the create-organization form');
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'the create-organization form with errors');

  await createOrganization(page, uniqueName('Axe Home Co'));
  await expectAccessible(page, 'the organization home (projects)');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByLabel('Project name')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'the create-project form with errors');
  await openMenu(page, /Switch organization/);
  await expectAccessible(page, 'the open organization switcher');
  await page.keyboard.press('Escape');

  await page.goto('/dashboard');
  await expect(page.getByRole('list', { name: 'Organizations' })).toBeVisible();
  await expectAccessible(page, 'the dashboard with an organization');

  await page.goto('/o/abcdefabcdef');
  await expect(page.getByRole('heading', { name: "You don't have access to this organization" })).toBeVisible();
  await expectAccessible(page, 'the no-access page');
});

test('organization administration: members with the invite form and confirmations, settings, activity', async ({ page }) => {
  await createAccount(page);
  const name = uniqueName('Axe Admin Co');
  const organizationId = await createOrganization(page, name);
  const member = await createUser('axe_member');
  const api = managementApi();
  await api.organizations.addUsers(organizationId, [member.id]);
  await api.organizations.addUserRolesByName(organizationId, member.id, ['member']);

  await page.goto(`/o/${organizationId}/members`);
  await expectAccessible(page, 'the members page');
  await page.getByLabel('E-mail addresses').fill('not-an-address');
  await page.getByRole('button', { name: 'Send invitations' }).click();
  await expect(page.getByLabel('E-mail addresses')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'the invite form with errors');
  await page.getByLabel('E-mail addresses').fill(uniqueEmail('axe-invitee'));
  await page.getByRole('button', { name: 'Send invitations' }).click();
  await expect(page.getByText(/Invitation sent to/)).toBeVisible();
  const row = page.getByRole('list', { name: 'Members' }).getByRole('listitem', { name: member.name });
  await row.getByLabel(`Role of ${member.name}`).selectOption('owner');
  await row.getByRole('button', { name: 'Change role' }).click();
  await row.getByRole('button', { name: /Remove/ }).click();
  await page.getByRole('list', { name: 'Pending invitations' }).getByRole('button', { name: /Revoke/ }).click();
  await expect(row.getByRole('group', { name: 'Confirm role change' })).toBeVisible();
  await expectAccessible(page, 'the members page with a role change, a removal and a revocation to confirm');

  await page.goto(`/o/${organizationId}/settings`);
  await expectAccessible(page, 'the settings page');
  await page.getByLabel('Logo URL (optional)').fill('http://insecure.example.com/logo.png');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByLabel('Logo URL (optional)')).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Leave organization…' }).click();
  await page.getByLabel(`Type “${name}” to confirm`).fill(name);
  await expect(page.getByRole('button', { name: 'Delete this organization' })).toBeEnabled();
  await expectAccessible(page, 'the settings page with errors and the leave and delete confirmations');

  await page.goto(`/o/${organizationId}/activity`);
  await expect(page.getByText(/invited/)).toBeVisible();
  await expectAccessible(page, 'the activity page');
});

test('the API keys page: empty, with errors, a new key shown once, the list with a revocation to confirm', async ({ page }) => {
  await createAccount(page);
  const organizationId = await createOrganization(page, uniqueName('Axe Keys Co'));

  await page.goto(`/o/${organizationId}/api-keys`);
  await expect(page.getByText('No API keys yet.')).toBeVisible();
  await expectAccessible(page, 'the empty API keys page');
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'the create-key form with errors');
  await page.getByLabel('Name').fill('Axe key');
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByRole('heading', { name: 'API key “Axe key” created' })).toBeVisible();
  await expectAccessible(page, 'a new API key with its secret and curl');
  await page.getByRole('button', { name: 'Done, I have copied the secret' }).click();
  await page.getByRole('button', { name: 'Revoke API key Axe key' }).click();
  await expect(page.getByRole('button', { name: 'Confirm revoke API key Axe key' })).toBeVisible();
  await expectAccessible(page, 'the API keys list with a revocation to confirm');
});

test('the sessions page, with a sign-out to confirm', async ({ page, browser }) => {
  const { email, password } = await createAccount(page);
  // A second browser, so there is another session to sign out.
  const other = await browser.newContext({ baseURL: process.env.E2E_APP_URL });
  await signIn(await other.newPage(), email, { password });
  await page.goto('/account/sessions');
  await expect(page.getByRole('list', { name: 'Sessions' }).getByRole('listitem')).toHaveCount(2);
  await expectAccessible(page, 'the sessions page');
  await page.getByRole('button', { name: 'Sign out all other sessions' }).click();
  await page.getByRole('list', { name: 'Sessions' }).getByRole('button', { name: /^Sign out of/ }).click();
  await expectAccessible(page, 'the sessions page with sign-outs to confirm');
  await other.close();
});

test('the page that explains an organization requiring two-step verification', async ({ page }) => {
  const member = await createUser('axe_mfa');
  const api = managementApi();
  const organization = await api.organizations.create({ name: uniqueName('Axe MFA Co') });
  await api.organizations.addUsers(organization.id, [member.id]);
  await api.organizations.addUserRolesByName(organization.id, member.id, ['member']);
  // Signed in first: the local Logto, like a Logto with MFA mandatory for such organizations,
  // would otherwise have the member set up MFA while signing in.
  await signIn(page, member.username, { password: PASSWORD });
  await api.organizations.update(organization.id, { isMfaRequired: true });
  // The app learns of the change through Logto's webhook.
  await expect(async () => {
    await page.goto(`/o/${organization.id}`);
    await expect(page.getByRole('heading', { name: 'Two-step verification required' })).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await expectAccessible(page, 'the two-step verification required page');
});

test('in German: landing, dashboard, menus, organization pages and sessions', async ({ page, context, baseURL }) => {
  // The account is made in English (the sign-up helpers fill English labels), then the
  // language is switched as the user menu would.
  await createAccount(page);
  await context.addCookies([{ name: 'locale', value: 'de', url: baseURL ?? '' }]);

  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expectAccessible(page, 'the landing page (de)');

  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { name: 'Ihre Organisationen' })).toBeVisible();
  await expectAccessible(page, 'the dashboard (de)');
  await openMenu(page, /Kontomenü/);
  await expectAccessible(page, 'the user menu with the languages (de)');
  await page.keyboard.press('Escape');

  const organizationId = await createOrganizationGerman(page, uniqueName('Barrierefrei GmbH'));
  await expectAccessible(page, 'an organization home (de)');
  for (const [path, heading] of [
    ['members', 'Mitglieder'],
    ['settings', 'Allgemein'],
    ['activity', 'Aktivität'],
  ] as const) {
    await page.goto(`/o/${organizationId}/${path}`);
    await expect(page.getByRole('heading', { name: heading, exact: true })).toBeVisible();
    await expectAccessible(page, `the ${path} page (de)`);
  }
  await page.goto('/account/sessions');
  await expect(page.getByRole('heading', { name: 'Ihre Sitzungen' })).toBeVisible();
  await expectAccessible(page, 'the sessions page (de)');
});

async function createOrganizationGerman(page: Page, name: string) {
  await page.goto('/organizations/new');
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Organisation anlegen' }).click();
  await expect(page).toHaveURL(/\/o\/[a-z0-9]+$/);
  const id = new URL(page.url()).pathname.split('/').pop();
  if (!id) throw new Error('no organization id in the URL');
  return id;
}
test('settings: automatic membership and sign-in branding, with their errors', async ({ page }) => {
  await createAccount(page);
  const organizationId = await createOrganization(page, uniqueName('Axe Jit Co'));
  await page.goto(`/o/${organizationId}/settings`);
  const jit = page.getByRole('region', { name: 'Automatic membership' });
  await jit.getByLabel('E-mail domain').fill(`axe-${Date.now().toString(36)}.test`);
  await jit.getByRole('button', { name: 'Add domain' }).click();
  await expect(jit.getByRole('list', { name: 'Domains' })).toBeVisible();
  await jit.getByLabel('E-mail domain').fill('outlook.com');
  await jit.getByRole('button', { name: 'Add domain' }).click();
  await expect(jit.locator('#field-emailDomain-error')).toBeVisible();
  const branding = page.getByRole('region', { name: 'Sign-in branding' });
  await branding.getByLabel('Favicon (optional)').fill('http://example.test/favicon.ico');
  await branding.getByRole('button', { name: 'Save branding' }).click();
  await expect(branding.locator('#field-favicon-error')).toBeVisible();
  await expectAccessible(page, 'the settings page with a JIT domain, a refused domain and a branding error');
});
