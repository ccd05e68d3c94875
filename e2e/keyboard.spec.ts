// Keyboard only: create an organization, invite, change a member's role and delete the
// organization with Tab, Shift+Tab, Enter, Space and the arrow keys. Nothing is clicked and no
// field is filled without first reaching it with the keyboard.
import { type Locator, type Page } from '@playwright/test';

import { createAccount, uniqueEmail } from './support/auth';
import { managementApi, uniqueName } from './support/organizations';
import { createUser } from './support/tenant';
import { expect, test } from './support/test';

/** Presses Tab (or Shift+Tab) until `target` has focus; fails if it can't be reached. */
async function tabTo(page: Page, target: Locator, { backwards = false, max = 60 } = {}) {
  await expect(target).toBeVisible();
  for (let presses = 0; presses <= max; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`not reached with ${backwards ? 'Shift+Tab' : 'Tab'} in ${max} presses: ${target.toString()}`);
}

test('create, invite, change a role and delete an organization with the keyboard alone', async ({ page }) => {
  test.slow(); // one key press at a time, checking focus after each
  await createAccount(page);
  const name = uniqueName('Keyboard Co');

  await tabTo(page, page.getByRole('link', { name: 'Create organization', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/organizations\/new$/);
  await tabTo(page, page.getByLabel('Name'));
  await page.keyboard.type(name);
  await tabTo(page, page.getByRole('button', { name: 'Create organization' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/o\/[a-z0-9]+$/);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  const organizationId = new URL(page.url()).pathname.split('/').pop() ?? '';

  // Someone to change the role of (set up through the Management API, not the UI).
  const member = await createUser('keyboard_member');
  await managementApi().organizations.addUsers(organizationId, [member.id]);
  await managementApi().organizations.addUserRolesByName(organizationId, member.id, ['member']);

  await tabTo(page, page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Members' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/o/${organizationId}/members$`));
  // Added, then given a role: Logto sends an event for the first step only, and the app may
  // have read the member list in between. It reads such a list again within seconds
  // (ROLELESS_RECHECK_MS in lib/mirror/mirror.ts).
  const row = page.getByRole('list', { name: 'Members' }).getByRole('listitem', { name: member.name });
  const roleSelect = row.getByLabel(`Role of ${member.name}`);
  await expect(async () => {
    if ((await roleSelect.inputValue()) !== 'member') await page.reload();
    await expect(roleSelect).toHaveValue('member', { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });

  const invitee = uniqueEmail('keyboard-invitee');
  await tabTo(page, page.getByLabel('E-mail addresses'));
  await page.keyboard.type(invitee);
  const inviteRole = page.getByLabel('Role', { exact: true });
  await tabTo(page, inviteRole);
  await expect(inviteRole).toHaveValue('member');
  await page.keyboard.press('ArrowUp');
  await expect(inviteRole).toHaveValue('admin');
  await tabTo(page, page.getByRole('button', { name: 'Send invitations' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: `Invitation sent to ${invitee}.` })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Pending invitations' }).getByRole('listitem', { name: invitee })).toContainText('admin');

  await tabTo(page, roleSelect);
  await page.keyboard.press('ArrowDown');
  await expect(roleSelect).toHaveValue('viewer');
  await tabTo(page, row.getByRole('button', { name: 'Change role' }));
  await page.keyboard.press('Space');
  await expect(row.getByText(`${member.name} is now viewer.`)).toBeVisible();

  await tabTo(page, page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Settings' }), { backwards: true });
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/o/${organizationId}/settings$`));
  await tabTo(page, page.getByLabel(`Type “${name}” to confirm`));
  await page.keyboard.type(name);
  await tabTo(page, page.getByRole('button', { name: 'Delete this organization' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: 'No organizations yet' })).toBeVisible();
  expect(await managementApi().organizations.get(organizationId).catch((error: unknown) => error)).toMatchObject({ status: 404 });
});
