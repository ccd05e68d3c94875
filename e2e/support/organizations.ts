// Organization helpers for end-to-end tests: create one through the UI, invite and join
// through the local Logto's Management API (./tenant) and the invitation page, read the outbox.
import { randomBytes } from 'node:crypto';

import { expect, type Browser, type Page } from '@playwright/test';
import { z } from 'zod';

import { readOutbox } from '../../tests/support/logto-admin';

import { createAccount, uniqueEmail } from './auth';
import { logtoEndpoint, managementApi } from './tenant';

export { managementApi };

export function uniqueName(prefix: string) {
  return `${prefix} ${randomBytes(3).toString('hex')}`;
}

/** Creates an organization through the form; returns its id (the page is inside it). */
export async function createOrganization(page: Page, name: string) {
  await page.goto('/organizations/new');
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page).toHaveURL(/\/o\/[a-z0-9]+$/);
  const id = new URL(page.url()).pathname.split('/').pop();
  if (!id) throw new Error('no organization id in the URL');
  return id;
}

/** An invitation made straight through the Management API (no e-mail), for setting up a scene. */
export async function inviteThroughApi(organizationId: string, email: string, role: string, { expiresAt = Date.now() + 3_600_000 } = {}) {
  const api = managementApi();
  const roles = await api.organizationRoles.list();
  const { data } = await api.request('POST', '/organization-invitations', {
    body: {
      invitee: email,
      organizationId,
      expiresAt,
      organizationRoleIds: roles.filter((candidate) => candidate.name === role).map((candidate) => candidate.id),
    },
    schema: z.object({ id: z.string() }),
  });
  return data.id;
}

/**
 * Opens an invitation's page as soon as the invitation has expired (made with a short
 * `expiresAt`): reloads until the page says so, rather than sleeping a fixed time.
 */
export async function openExpiredInvitation(page: Page, invitationId: string) {
  const heading = page.getByRole('heading', { name: 'This invitation has expired' });
  await expect(async () => {
    await page.goto(`/invitations/${invitationId}`);
    await expect(heading).toBeVisible({ timeout: 500 });
  }).toPass({ intervals: [250], timeout: 20_000 });
}

/** A new person in their own browser context who signs up and joins the organization with `role`. */
export async function joinAs(browser: Browser, organizationId: string, role: string, label = role) {
  const context = await browser.newContext({ baseURL: process.env.E2E_APP_URL });
  const page = await context.newPage();
  const email = uniqueEmail(label);
  await createAccount(page, { email });
  const invitationId = await inviteThroughApi(organizationId, email, role);
  await page.goto(`/invitations/${invitationId}`);
  await page.getByRole('button', { name: /Accept and join/ }).click();
  await expect(page).toHaveURL(new RegExp(`/o/${organizationId}$`));
  return { context, page, email };
}

/** The link of the newest outbox message to `email` (waits for it to arrive). */
export async function outboxLinkFor(email: string) {
  let link: string | null | undefined;
  await expect
    .poll(async () => {
      const messages = await readOutbox(logtoEndpoint());
      link = messages.find((message) => message.to === email)?.link;
      return link;
    })
    .toBeTruthy();
  return link ?? '';
}
