import { randomBytes } from 'node:crypto';

import type { Page } from '@playwright/test';
import { z } from 'zod';

import { expect, test } from './support/test';
import { createAccount, uniqueEmail } from './support/auth';
import { expectHydrated } from './support/hydration';
import { createOrganization, joinAs, managementApi, outboxLinkFor, uniqueName } from './support/organizations';

const LAST_OWNER = "You are this organization's last owner. Make another member owner first.";

function memberRow(page: Page, name: string) {
  return page.getByRole('list', { name: 'Members' }).getByRole('listitem', { name });
}

async function changeRole(page: Page, name: string, role: string, confirm?: string) {
  const row = memberRow(page, name);
  await row.getByLabel(`Role of ${name}`).selectOption(role);
  await row.getByRole('button', { name: 'Change role' }).click();
  if (confirm) await row.getByRole('button', { name: confirm }).click();
  return row;
}

test('a role change takes effect on the other user’s next request', async ({ page, browser }) => {
  await createAccount(page);
  const organizationId = await createOrganization(page, uniqueName('Roles Co'));
  const admin = await joinAs(browser, organizationId, 'admin');
  await admin.page.goto(`/o/${organizationId}/members`);
  await expect(admin.page.getByRole('button', { name: 'Send invitations' })).toBeVisible();
  await expect(admin.page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Settings' })).toBeVisible();

  await page.goto(`/o/${organizationId}/members`);
  const row = await changeRole(page, admin.email, 'viewer');
  await expect(row.getByText(`${admin.email} is now viewer.`)).toBeVisible();

  // The admin's page is still open with the invite form: the server refuses it now (and the
  // refreshed page drops the form).
  const sneaky = uniqueEmail('sneaky');
  await admin.page.getByLabel('E-mail addresses').fill(sneaky);
  await admin.page.getByRole('button', { name: 'Send invitations' }).click();
  await expect(admin.page.getByRole('button', { name: 'Send invitations' })).toHaveCount(0);
  expect(await managementApi().invitations.list({ invitee: sneaky })).toEqual([]);
  await admin.page.reload();
  await expect(admin.page.getByText('Your role: viewer')).toBeVisible();
  await expect(admin.page.getByRole('button', { name: 'Send invitations' })).toHaveCount(0);
  // Settings stays in the navigation for every member (leaving lives there), without the form.
  await admin.page.goto(`/o/${organizationId}/settings`);
  await expect(admin.page.getByRole('button', { name: 'Save settings' })).toHaveCount(0);
  await admin.context.close();

  await page.goto(`/o/${organizationId}/activity`);
  await expect(page.getByText(`changed ${admin.email}'s role from admin to viewer`)).toBeVisible();
});

test('the last owner can neither step down nor leave', async ({ page }) => {
  const { email } = await createAccount(page);
  const name = uniqueName('Solo Co');
  const organizationId = await createOrganization(page, name);
  await page.goto(`/o/${organizationId}/members`);
  // Asked to confirm, then cancelled: the select shows the role again and has the focus.
  const select = memberRow(page, email).getByLabel(`Role of ${email}`);
  await expectHydrated(select);
  await changeRole(page, email, 'viewer');
  await memberRow(page, email).getByRole('button', { name: 'Cancel' }).click();
  await expect(select).toHaveValue('owner');
  await expect(select).toBeFocused();

  const row = await changeRole(page, email, 'admin', 'Yes, change my role to admin');
  await expect(row.getByText(LAST_OWNER)).toBeVisible();
  // The refused choice stays selected, the role does not change.
  await expect(row.getByLabel(`Role of ${email}`)).toHaveValue('admin');
  await page.reload();
  await expect(page.getByText('Your role: owner')).toBeVisible();

  await page.getByRole('link', { name: 'Leave this organization…' }).click();
  await page.getByRole('button', { name: 'Leave organization…' }).click();
  await page.getByRole('button', { name: `Yes, leave ${name}` }).click();
  await expect(page.getByText(LAST_OWNER)).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/o/${organizationId}/settings`));
});

test('ownership transfer: an owner makes an admin owner, steps down, and then can’t touch owners', async ({ page, browser }) => {
  const { email } = await createAccount(page);
  const organizationId = await createOrganization(page, uniqueName('Transfer Co'));
  const successor = await joinAs(browser, organizationId, 'admin', 'successor');

  await page.goto(`/o/${organizationId}/members`);
  let row = await changeRole(page, successor.email, 'owner', 'Yes, make owner');
  await expect(row.getByText(`${successor.email} is now owner.`)).toBeVisible();
  row = await changeRole(page, email, 'admin', 'Yes, change my role to admin');
  await expect(row.getByText(`${email} is now admin.`)).toBeVisible();

  await page.reload();
  await expect(page.getByText('Your role: admin')).toBeVisible();
  const ownerRow = memberRow(page, successor.email);
  await expect(ownerRow.getByText('owner')).toBeVisible();
  await expect(ownerRow.getByRole('combobox')).toHaveCount(0);
  await expect(ownerRow.getByRole('button', { name: /Remove/ })).toHaveCount(0);
  await expect(page.getByLabel('Role', { exact: true }).locator('option')).toHaveText(['admin', 'member', 'viewer']);

  await successor.page.goto(`/o/${organizationId}/settings`);
  await expect(successor.page.getByText('Your role: owner')).toBeVisible();
  await expect(successor.page.getByRole('heading', { name: 'Delete this organization' })).toBeVisible();
  await successor.context.close();
});

test('a removed member loses access on their next request', async ({ page, browser }) => {
  await createAccount(page);
  const organizationId = await createOrganization(page, uniqueName('Remove Co'));
  const member = await joinAs(browser, organizationId, 'member');
  await expect(member.page.getByText('Your role: member')).toBeVisible();

  await page.goto(`/o/${organizationId}/members`);
  const row = memberRow(page, member.email);
  await row.getByRole('button', { name: /Remove/ }).click();
  await row.getByRole('button', { name: /Confirm remove/ }).click();
  await expect(row).toHaveCount(0);

  await member.page.reload();
  await expect(member.page.getByRole('heading', { name: "You don't have access to this organization" })).toBeVisible();
  await member.context.close();

  await page.goto(`/o/${organizationId}/activity`);
  await expect(page.getByText(`removed ${member.email} from the organization`)).toBeVisible();
});

test('a member leaves the organization', async ({ page, browser }) => {
  await createAccount(page);
  const name = uniqueName('Leave Co');
  const organizationId = await createOrganization(page, name);
  const member = await joinAs(browser, organizationId, 'viewer', 'leaver');

  await member.page.goto(`/o/${organizationId}/members`);
  await member.page.getByRole('link', { name: 'Leave this organization…' }).click();
  await member.page.getByRole('button', { name: 'Leave organization…' }).click();
  await member.page.getByRole('button', { name: `Yes, leave ${name}` }).click();
  await expect(member.page).toHaveURL(/\/dashboard$/);
  await expect(member.page.getByRole('heading', { name: 'No organizations yet' })).toBeVisible();
  await member.page.goto(`/o/${organizationId}`);
  await expect(member.page.getByRole('heading', { name: "You don't have access to this organization" })).toBeVisible();
  await member.context.close();

  await page.goto(`/o/${organizationId}/activity`);
  await expect(page.getByText('left the organization')).toBeVisible();
});

test('settings: errors next to the field keep the values; saving renames and sets the logo', async ({ page }) => {
  await createAccount(page);
  const organizationId = await createOrganization(page, uniqueName('Settings Co'));
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(new RegExp(`/o/${organizationId}/settings$`));

  const renamed = uniqueName('Renamed Co');
  await page.getByLabel('Name', { exact: true }).fill(renamed);
  await page.getByLabel('Logo URL (optional)').fill('http://insecure.example.com/logo.png');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByLabel('Logo URL (optional)')).toHaveAccessibleDescription(/Enter an https:\/\/ address of an image/);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(renamed);
  await expect(page.getByLabel('Logo URL (optional)')).toHaveValue('http://insecure.example.com/logo.png');

  await page.getByLabel('Logo URL (optional)').fill('https://cdn.example.com/logo.png');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await expect(page.getByRole('heading', { name: renamed, level: 1 })).toBeVisible();
  const organization = await managementApi().organizations.get(organizationId);
  expect(organization).toMatchObject({ name: renamed, branding: { logoUrl: 'https://cdn.example.com/logo.png' } });

  await page.getByRole('link', { name: 'Activity' }).click();
  await expect(page.getByText("changed the organization's name, logo")).toBeVisible();
});

test('deleting the organization takes its projects and revokes its pending invitations', async ({ page }) => {
  await createAccount(page);
  const name = uniqueName('Doomed Co');
  const organizationId = await createOrganization(page, name);
  await page.getByLabel('Project name').fill('Doomed project');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByRole('listitem', { name: 'Doomed project' })).toBeVisible();

  await page.goto(`/o/${organizationId}/members`);
  const invitee = uniqueEmail('never');
  await page.getByLabel('E-mail addresses').fill(invitee);
  await page.getByRole('button', { name: 'Send invitations' }).click();
  await expect(page.getByText(`Invitation sent to ${invitee}.`)).toBeVisible();
  const link = await outboxLinkFor(invitee);
  const invitationId = link.split('/').pop() ?? '';

  await page.goto(`/o/${organizationId}/settings`);
  const confirm = page.getByLabel(`Type “${name}” to confirm`);
  const deleteButton = page.getByRole('button', { name: 'Delete this organization' });
  await confirm.fill(name.toUpperCase());
  await expect(deleteButton).toBeDisabled();
  await confirm.fill(name);
  await deleteButton.click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('list', { name: 'Organizations' }).getByText(name)).toHaveCount(0);

  await page.goto(`/o/${organizationId}`);
  await expect(page.getByRole('heading', { name: "You don't have access to this organization" })).toBeVisible();
  const invitation = await managementApi()
    .invitations.get(invitationId)
    .catch((error: unknown) => error);
  expect(invitation).toMatchObject(invitation instanceof Error ? { status: 404 } : { status: 'Revoked' });
  await page.goto(link);
  await expect(page.getByRole('heading', { name: /Invitation not found|This invitation was revoked/ })).toBeVisible();
});

test('members: search by name or e-mail and pages past the first', async ({ page }) => {
  await createAccount(page);
  const organizationId = await createOrganization(page, uniqueName('Big Co'));
  const api = managementApi();
  const tag = randomBytes(3).toString('hex');
  const ids = await Promise.all(
    Array.from({ length: 25 }, async (_, index) => {
      const { data } = await api.request('POST', '/users', {
        body: { username: `bulk_${tag}_${index}`, primaryEmail: `bulk-${tag}-${index}@example.com`, name: `Bulk ${tag} ${index}` },
        schema: z.object({ id: z.string() }),
      });
      return data.id;
    }),
  );
  await api.organizations.addUsers(organizationId, ids);

  // Added through the Management API, as the Console would: the members page shows them once
  // Logto's webhook has reached the app (seconds), not before.
  await expect(async () => {
    await page.goto(`/o/${organizationId}/members`);
    await expect(page.getByText('26 members')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByRole('list', { name: 'Members' }).getByRole('listitem')).toHaveCount(20);
  const pages = page.getByRole('navigation', { name: 'Members pages' });
  await expect(pages.getByText('Page 1 of 2')).toBeVisible();
  await pages.getByRole('link', { name: 'Next →' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByRole('list', { name: 'Members' }).getByRole('listitem')).toHaveCount(6);

  await page.getByLabel('Search members').fill(`bulk-${tag}-17@example.com`);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText(`1 matching “bulk-${tag}-17@example.com”`)).toBeVisible();
  await expect(page.getByRole('list', { name: 'Members' }).getByRole('listitem', { name: `Bulk ${tag} 17` })).toBeVisible();
});
