import { expect, test } from './support/test';
import { createAccount, submitSignIn, uniqueEmail } from './support/auth';
import { createOrganization, inviteThroughApi, managementApi, openExpiredInvitation, outboxLinkFor, uniqueName } from './support/organizations';
import { clickWhenHydrated } from './support/hydration';

const appUrl = () => process.env.E2E_APP_URL ?? '';

test('an invitee follows the e-mailed link, creates an account, accepts and lands in the organization', async ({ page, browser }) => {
  await createAccount(page);
  const name = uniqueName('Invite Co');
  const organizationId = await createOrganization(page, name);

  await page.getByRole('link', { name: 'Members' }).click();
  const invitee = uniqueEmail('invitee');
  await page.getByLabel('E-mail addresses').fill(invitee);
  await page.getByLabel('Role', { exact: true }).selectOption('admin');
  await page.getByRole('button', { name: 'Send invitations' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Invitation sent to ${invitee}.` })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Pending invitations' }).getByRole('listitem', { name: invitee })).toBeVisible();

  const link = await outboxLinkFor(invitee);
  expect(link).toMatch(new RegExp(`^${appUrl()}/invitations/[A-Za-z0-9_-]+$`));

  const guestContext = await browser.newContext({ baseURL: appUrl() });
  const guest = await guestContext.newPage();
  await guest.goto(link);
  await expect(guest.getByRole('heading', { name: `Join ${name}` })).toBeVisible();
  await expect(guest.getByText(`invited ${invitee} to join ${name} as admin`)).toBeVisible();
  await guest.getByRole('link', { name: 'Create an account' }).click();
  await expect(guest.getByLabel('Email or username')).toHaveValue(invitee);
  await guest.getByLabel('Password').fill('a-strong-password');
  await guest.getByRole('button', { name: 'Create account' }).click();
  await expect(guest).toHaveURL(link);

  await guest.getByRole('button', { name: /Accept and join/ }).click();
  await expect(guest).toHaveURL(`${appUrl()}/o/${organizationId}`);
  await expect(guest.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(guest.getByText('Your role: admin')).toBeVisible();
  await clickWhenHydrated(guest.getByRole('button', { name: /Switch organization/ }));
  await expect(guest.getByRole('menuitem', { name })).toBeVisible();
  await guestContext.close();

  await page.reload();
  await expect(page.getByText('No pending invitations.')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Members' }).getByRole('listitem', { name: invitee })).toBeVisible();
  await page.getByRole('link', { name: 'Activity' }).click();
  await expect(page.getByText('accepted the invitation and joined as admin')).toBeVisible();
  await expect(page.getByText(`invited ${invitee} as admin`)).toBeVisible();
});

test('an invitee who already has an account signs in from the invitation, e-mail prefilled', async ({ page, browser }) => {
  const invitee = uniqueEmail('returning');
  const setup = await browser.newContext({ baseURL: appUrl() });
  await createAccount(await setup.newPage(), { email: invitee, password: 'returning-password' });
  await setup.close();

  const organization = await managementApi().organizations.create({ name: uniqueName('Signed Out Co') });
  const invitationId = await inviteThroughApi(organization.id, invitee, 'viewer');
  await page.goto(`/invitations/${invitationId}`);
  await page.getByRole('link', { name: 'Sign in to accept' }).click();
  await expect(page.getByLabel('Email or username')).toHaveValue(invitee);
  await page.getByLabel('Password').fill('returning-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${appUrl()}/invitations/${invitationId}`);
  await page.getByRole('button', { name: /Accept and join/ }).click();
  await expect(page).toHaveURL(`${appUrl()}/o/${organization.id}`);
  await expect(page.getByText('Your role: viewer')).toBeVisible();
});

test('signed in with another e-mail: a clear screen that switches to the invitee account', async ({ page, browser }) => {
  const invitee = uniqueEmail('right');
  const setup = await browser.newContext({ baseURL: appUrl() });
  await createAccount(await setup.newPage(), { email: invitee, password: 'right-password' });
  await setup.close();
  const organization = await managementApi().organizations.create({ name: uniqueName('Switch Co') });
  const invitationId = await inviteThroughApi(organization.id, invitee, 'member');

  const { email: wrong } = await createAccount(page);
  await page.goto(`/invitations/${invitationId}`);
  await expect(page.getByRole('heading', { name: 'This invitation is for another account' })).toBeVisible();
  await expect(page.getByText(`You are signed in as ${wrong}`)).toBeVisible();
  await expect(page.getByRole('button', { name: /Accept/ })).toHaveCount(0);

  await page.getByRole('button', { name: 'Sign out and switch account' }).click();
  await expect(page.getByLabel('Email or username')).toHaveValue(invitee);
  await submitSignIn(page, invitee, 'right-password');
  await expect(page).toHaveURL(`${appUrl()}/invitations/${invitationId}`);
  await page.getByRole('button', { name: /Accept and join/ }).click();
  await expect(page).toHaveURL(`${appUrl()}/o/${organization.id}`);
  await expect(page.getByRole('button', { name: `Account menu for ${invitee}` })).toBeVisible();
});

test('an expired invitation says so and cannot be accepted', async ({ page }) => {
  const organization = await managementApi().organizations.create({ name: uniqueName('Expired Co') });
  const invitee = uniqueEmail('late');
  const invitationId = await inviteThroughApi(organization.id, invitee, 'member', { expiresAt: Date.now() + 2_000 });
  await openExpiredInvitation(page, invitationId);
  await expect(page.getByText(`Ask an admin of ${organization.name} for a new invitation`)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Sign in to accept' })).toHaveCount(0);
});

test('a revoked invitation says so; a declined one is revoked in Logto', async ({ page, browser }) => {
  await createAccount(page);
  const organizationId = await createOrganization(page, uniqueName('Revoke Co'));
  await page.goto(`/o/${organizationId}/members`);
  const revoked = uniqueEmail('revoked');
  await page.getByLabel('E-mail addresses').fill(revoked);
  await page.getByRole('button', { name: 'Send invitations' }).click();
  const row = page.getByRole('list', { name: 'Pending invitations' }).getByRole('listitem', { name: revoked });
  await row.getByRole('button', { name: /Revoke/ }).click();
  await row.getByRole('button', { name: /Confirm revoke/ }).click();
  await expect(page.getByText('No pending invitations.')).toBeVisible();

  const guestContext = await browser.newContext({ baseURL: appUrl() });
  const guest = await guestContext.newPage();
  await guest.goto(await outboxLinkFor(revoked));
  await expect(guest.getByRole('heading', { name: 'This invitation was revoked' })).toBeVisible();

  const decliner = uniqueEmail('decliner');
  await createAccount(guest, { email: decliner });
  const invitationId = await inviteThroughApi(organizationId, decliner, 'viewer');
  await guest.goto(`/invitations/${invitationId}`);
  await guest.getByRole('button', { name: 'Decline' }).click();
  await guest.getByRole('button', { name: 'Yes, decline' }).click();
  await expect(guest.getByRole('heading', { name: 'You declined the invitation' })).toBeVisible();
  expect((await managementApi().invitations.get(invitationId)).status).toBe('Revoked');
  await guestContext.close();

  await page.goto(`/o/${organizationId}/activity`);
  await expect(page.getByText(`revoked the invitation for ${revoked}`)).toBeVisible();
  await expect(page.getByText(`declined the invitation for ${decliner}`)).toBeVisible();
});

test('an unknown invitation id is "not found"', async ({ page }) => {
  await page.goto('/invitations/doesnotexist');
  await expect(page.getByRole('heading', { name: 'Invitation not found' })).toBeVisible();
});
