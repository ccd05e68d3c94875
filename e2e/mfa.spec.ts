// Organizations that require two-step verification (MFA): the owner sees who would be locked
// out before turning it on; a member without MFA is told why they can't get in, sets up TOTP on
// the (local) Logto's account page and gets in without signing in again.
import { z } from 'zod';

import { totpCode } from '../local-logto/src/mfa/totp';

import { escapeRegExp, submitSignIn } from './support/auth';
import { uniqueName } from './support/organizations';
import { createOrganizationWith, createUser, logtoEndpoint, managementApi, PASSWORD } from './support/tenant';
import { expect, test } from './support/test';

test('a member without MFA is told why, enrols TOTP on Logto and gets into the organization', async ({ page, browser }) => {
  const [owner, member] = await Promise.all([createUser('mfa_owner'), createUser('mfa_member')]);
  const name = uniqueName('MFA Co');
  const organization = await createOrganizationWith(name, [
    [owner, 'owner'],
    [member, 'member'],
  ]);
  // The owner has an authenticator app already, so signing in asks for its code.
  const { data: ownerTotp } = await managementApi().request('POST', `/users/${owner.id}/mfa-verifications`, {
    body: { type: 'Totp' },
    schema: z.object({ secret: z.string().regex(/^[A-Z2-7]{16,32}$/) }),
  });

  // The member is signed in before the organization requires MFA.
  await page.goto(`/sign-in?returnTo=${encodeURIComponent(`/o/${organization.id}`)}`);
  await submitSignIn(page, member.username, PASSWORD);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();

  // The owner signs in with password and TOTP, and is told who would lose access.
  const ownerContext = await browser.newContext({ baseURL: process.env.E2E_APP_URL });
  const ownerPage = await ownerContext.newPage();
  await ownerPage.goto(`/sign-in?returnTo=${encodeURIComponent(`/o/${organization.id}/settings`)}`);
  await submitSignIn(ownerPage, owner.username, PASSWORD);
  await expect(ownerPage.getByRole('heading', { name: 'Two-step verification' })).toBeVisible();
  await ownerPage.getByLabel('6-digit code').fill('12345');
  await ownerPage.getByRole('button', { name: 'Verify' }).click();
  await expect(ownerPage.getByText('The code is 6 digits.')).toBeVisible();
  await ownerPage.getByLabel('6-digit code').fill(totpCode(ownerTotp.secret));
  await ownerPage.getByRole('button', { name: 'Verify' }).click();
  await expect(ownerPage).toHaveURL(new RegExp(`${escapeRegExp(`/o/${organization.id}/settings`)}$`));
  const lockedOut = ownerPage.getByRole('list', { name: 'Members without two-step verification' });
  await expect(lockedOut.getByRole('listitem')).toHaveText([new RegExp(escapeRegExp(member.name))]);
  await expect(ownerPage.getByText('1 member has no two-step verification and would lose access:')).toBeVisible();
  await ownerPage.getByLabel('Require two-step verification for members').check();
  await ownerPage.getByRole('button', { name: 'Save settings' }).click();
  await expect(ownerPage.getByText(/can't open this organization until they set it up/)).toBeVisible();
  await ownerContext.close();

  // The member is refused by Logto, and told why instead of "no access".
  await page.goto(`/o/${organization.id}`);
  await expect(page).toHaveURL(new RegExp(`/organizations/${organization.id}/mfa-required$`));
  await expect(page.getByRole('heading', { name: 'Two-step verification required' })).toBeVisible();
  await expect(page.getByText(`${name} requires two-step verification`)).toBeVisible();
  const setUp = page.getByRole('link', { name: 'Set up two-step verification' });
  await expect(setUp).toHaveAttribute('href', `${logtoEndpoint()}/account/security`);

  // The local Logto's account page knows them from the Logto session of their sign-in.
  await setUp.click();
  await expect(page.getByText(`Signed in as ${member.username}`)).toBeVisible();
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await expect(page.locator('#totp-secret')).toHaveText(/^[A-Z2-7]{32}$/);
  const secret = (await page.locator('#totp-secret').textContent()) ?? '';
  await expect(page.getByRole('img', { name: 'QR code with the key for your authenticator app' })).toBeVisible();
  await page.getByLabel('6-digit code').fill(wrongCode(secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText('That code is not right, or it has expired.')).toBeVisible();
  await page.getByLabel('6-digit code').fill(totpCode(secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText('Two-step verification is on. Go back to the app and try again.')).toBeVisible();

  // Back in the app, the same session now gets the organization token.
  await page.goto(`/organizations/${organization.id}/mfa-required`);
  await expect(page).toHaveURL(new RegExp(`/o/${organization.id}$`));
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
});

/** A 6-digit code that is valid in none of the accepted time steps. */
function wrongCode(secret: string) {
  const valid = new Set([-30_000, 0, 30_000].map((offset) => totpCode(secret, Date.now() + offset)));
  let code = 0;
  while (valid.has(String(code).padStart(6, '0'))) code += 1;
  return String(code).padStart(6, '0');
}
