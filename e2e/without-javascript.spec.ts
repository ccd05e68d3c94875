import type { Browser, BrowserContext } from '@playwright/test';

import { expect, test } from './support/test';
import { signIn } from './support/auth';
import { inviteThroughApi } from './support/organizations';
import { createOrganizationWith, createUser, managementApi, PASSWORD } from './support/tenant';

// A form submitted before the page hydrates, or with JavaScript off, is a plain POST to the
// page's own URL that Next.js hands to the server action. Such a POST carries the page's
// origin only if the page's Referrer-Policy lets it: under `no-referrer` the browser sends
// `Origin: null`, and Next.js answers 500. These tests sign in with JavaScript (Logto's sign-in
// page needs it), then submit from a copy of the session that runs no script at all.

async function withoutJavaScript(browser: Browser, signedIn: BrowserContext) {
  return browser.newContext({ baseURL: process.env.E2E_APP_URL, javaScriptEnabled: false, storageState: await signedIn.storageState() });
}

test('accepting an invitation works without JavaScript', async ({ page, context, browser }) => {
  const [owner, invitee] = await Promise.all([createUser('nojs_inviter'), createUser('nojs_invitee')]);
  const organization = await createOrganizationWith('No Script Invite', [[owner, 'owner']]);
  const invitationId = await inviteThroughApi(organization.id, invitee.email, 'member');
  await signIn(page, invitee.username, { returnTo: `/invitations/${invitationId}`, password: PASSWORD });

  const noScript = await withoutJavaScript(browser, context);
  try {
    const plain = await noScript.newPage();
    await plain.goto(`/invitations/${invitationId}`);
    await plain.getByRole('button', { name: /Accept and join/ }).click();

    await expect(plain).toHaveURL(new RegExp(`/o/${organization.id}$`));
    await expect(plain.getByText('Your role: member')).toBeVisible();
    expect((await managementApi().users.organizations(invitee.id)).map(({ id }) => id)).toEqual([organization.id]);
  } finally {
    await noScript.close();
  }
});

// The organization pages never had `no-referrer`; this guards the same path for them.
test('creating a project works without JavaScript', async ({ page, context, browser }) => {
  const owner = await createUser('nojs_owner');
  const organization = await createOrganizationWith('No Script Projects', [[owner, 'owner']]);
  await signIn(page, owner.username, { returnTo: `/o/${organization.id}`, password: PASSWORD });

  const noScript = await withoutJavaScript(browser, context);
  try {
    const plain = await noScript.newPage();
    await plain.goto(`/o/${organization.id}`);
    const form = plain.getByRole('form', { name: 'New project' });
    await form.getByLabel('Project name').fill('Made without scripts');
    await form.getByRole('button', { name: 'Create project' }).click();

    await expect(plain.getByRole('listitem').filter({ hasText: 'Made without scripts' })).toBeVisible();
  } finally {
    await noScript.close();
  }
});
