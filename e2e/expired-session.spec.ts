import type { Page } from '@playwright/test';

import { expect, test } from './support/test';
import { escapeRegExp, expireSession, signIn, submitSignIn } from './support/auth';
import { inviteThroughApi } from './support/organizations';
import { createOrganizationWith, createUser, managementApi, PASSWORD, type TestUser } from './support/tenant';

// Every kind of server action wrapper, submitted after the session expired: the action's
// sign-in redirect must reach the browser (not turn into "Something went wrong"), and after
// signing in again the user is back on the page the form was on, with nothing changed.

async function expectSignInThenBack(page: Page, user: TestUser, path: string) {
  await expect(page.getByLabel('Email or username')).toBeVisible();
  await submitSignIn(page, user.username, PASSWORD);
  await expect(page).toHaveURL(new RegExp(`${escapeRegExp(path)}$`));
}

test('organizationAction (create project)', async ({ page, context }) => {
  const owner = await createUser('expired_owner');
  const organization = await createOrganizationWith('Expired Projects', [[owner, 'owner']]);
  const path = `/o/${organization.id}`;
  await signIn(page, owner.username, { returnTo: path, password: PASSWORD });

  await expireSession(context);
  const form = page.getByRole('form', { name: 'New project' });
  await form.getByLabel('Project name').fill('Never made');
  await form.getByRole('button', { name: 'Create project' }).click();

  await expectSignInThenBack(page, owner, path);
  await expect(page.getByText('No projects yet.')).toBeVisible();
});

test('the create-organization action', async ({ page, context }) => {
  const user = await createUser('expired_creator');
  await signIn(page, user.username, { returnTo: '/organizations/new', password: PASSWORD });

  await expireSession(context);
  await page.getByLabel('Name').fill('Never created');
  await page.getByRole('button', { name: 'Create organization' }).click();

  await expectSignInThenBack(page, user, '/organizations/new');
  expect(await managementApi().users.organizations(user.id)).toEqual([]);
});

test('an admin action (delete organization)', async ({ page, context }) => {
  const owner = await createUser('expired_deleter');
  const organization = await createOrganizationWith('Expired Delete', [[owner, 'owner']]);
  const path = `/o/${organization.id}/settings`;
  await signIn(page, owner.username, { returnTo: path, password: PASSWORD });

  const deleteButton = page.getByRole('button', { name: 'Delete this organization' });
  // Typed before the form hydrates, the name would not enable the button: type until it does.
  await expect(async () => {
    await page.getByLabel('Type “Expired Delete” to confirm').fill('');
    await page.getByLabel('Type “Expired Delete” to confirm').fill('Expired Delete');
    await expect(deleteButton).toBeEnabled({ timeout: 1_000 });
  }).toPass();
  await expireSession(context);
  await deleteButton.click();

  await expectSignInThenBack(page, owner, path);
  await expect(managementApi().organizations.get(organization.id)).resolves.toMatchObject({ id: organization.id });
});

test('an invitation response (accept)', async ({ page, context }) => {
  const [owner, invitee] = await Promise.all([createUser('expired_inviter'), createUser('expired_invitee')]);
  const organization = await createOrganizationWith('Expired Invite', [[owner, 'owner']]);
  const invitationId = await inviteThroughApi(organization.id, invitee.email, 'member');
  const path = `/invitations/${invitationId}`;
  await signIn(page, invitee.username, { returnTo: path, password: PASSWORD });

  await expireSession(context);
  await page.getByRole('button', { name: /Accept and join/ }).click();

  await expectSignInThenBack(page, invitee, path);
  expect(await managementApi().users.organizations(invitee.id)).toEqual([]);
  // Signed in again, the same button works.
  await page.getByRole('button', { name: /Accept and join/ }).click();
  await expect(page).toHaveURL(new RegExp(`/o/${organization.id}$`));
});
