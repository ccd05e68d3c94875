// Organization API keys end to end: an owner creates a key on the page, a script uses the shown
// client id and secret exactly as the page's curl does (client_credentials with organization_id,
// then the projects API), the activity log names the key, and after revocation its token and
// its credentials are refused.
import type { APIRequestContext, Page } from '@playwright/test';

import { signIn } from './support/auth';
import { createOrganizationWith, createUser, logtoEndpoint, PASSWORD } from './support/tenant';
import { expect, test } from './support/test';

type ShownKey = { clientId: string; clientSecret: string; scope: string };

/** Creates a key on the API keys page and reads what the page shows once. */
async function createKeyOnPage(page: Page, name: string, role: 'member' | 'viewer'): Promise<ShownKey> {
  const form = page.getByRole('form', { name: 'Create an API key' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Role').selectOption(role);
  await form.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByRole('heading', { name: `API key “${name}” created` })).toBeVisible();
  const clientId = (await page.getByTestId('api-key-client-id').textContent()) ?? '';
  const clientSecret = (await page.getByTestId('api-key-client-secret').textContent()) ?? '';
  const curl = (await page.getByTestId('api-key-curl').textContent()) ?? '';
  expect(curl).toContain(`-u "${clientId}:${clientSecret}"`);
  expect(curl).toContain(`${logtoEndpoint()}/oidc/token`);
  const scope = /-d scope="([^"]*)"/.exec(curl)?.[1] ?? '';
  return { clientId, clientSecret, scope };
}

/** The curl's first command: an organization token for `organizationId`. */
async function requestOrganizationToken(request: APIRequestContext, key: ShownKey, organizationId: string) {
  const response = await request.post(`${logtoEndpoint()}/oidc/token`, {
    headers: { Authorization: `Basic ${Buffer.from(`${key.clientId}:${key.clientSecret}`).toString('base64')}` },
    form: { grant_type: 'client_credentials', organization_id: organizationId, scope: key.scope },
  });
  return { status: response.status(), body: (await response.json()) as { access_token?: string; scope?: string; error?: string } };
}

const projectsPath = (organizationId: string) => `/api/organizations/${organizationId}/projects`;

test('create a key, use it as the curl does, see it in activity, revoke it: its token and credentials are refused', async ({ page, request }) => {
  const [owner, outsider] = await Promise.all([createUser('key_owner'), createUser('key_outsider')]);
  const organization = await createOrganizationWith('Keyed Co', [[owner, 'owner']]);
  const other = await createOrganizationWith('Other Co', [[outsider, 'owner']]);

  await signIn(page, owner.username, { returnTo: `/o/${organization.id}`, password: PASSWORD });
  await page.getByRole('link', { name: 'API keys' }).click();
  await expect(page.getByText('No API keys yet.')).toBeVisible();

  // Errors next to the field, nothing created.
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Enter a name.')).toBeVisible();

  const key = await createKeyOnPage(page, 'CI deploy', 'member');
  expect(key.scope.split(' ').sort()).toEqual(['read:members', 'read:projects', 'write:projects']);

  const issued = await requestOrganizationToken(request, key, organization.id);
  expect(issued.status).toBe(200);
  const auth = { Authorization: `Bearer ${issued.body.access_token}` };
  const listed = await request.get(projectsPath(organization.id), { headers: auth });
  expect(listed.status()).toBe(200);
  expect(await listed.json()).toEqual({ items: [], nextCursor: null });
  expect((await request.post(projectsPath(organization.id), { headers: auth, data: { name: 'Built by CI' } })).status()).toBe(201);

  // One organization only: Logto gives no token for another, and this token is refused there.
  expect((await requestOrganizationToken(request, key, other.id)).status).toBe(403);
  const elsewhere = await request.get(projectsPath(other.id), { headers: auth });
  expect(elsewhere.status()).toBe(401);
  expect(elsewhere.headers()['www-authenticate']).toContain('error="invalid_token"');

  // The secret is shown once: after "done" (or a reload) only the list remains, with the last use.
  await page.getByRole('button', { name: 'Done, I have copied the secret' }).click();
  await page.reload();
  await expect(page.getByTestId('api-key-client-secret')).toHaveCount(0);
  const row = page.getByRole('list', { name: 'API keys' }).getByRole('listitem', { name: 'CI deploy' });
  await expect(row).toContainText(key.clientId);
  await expect(row).toContainText(owner.name);
  await expect(row.getByText('Never')).toHaveCount(0);

  await page.getByRole('link', { name: 'Activity' }).click();
  await expect(page.getByText(/API key “CI deploy”\s*created the project “Built by CI”/)).toBeVisible();

  await page.getByRole('link', { name: 'API keys' }).click();
  await row.getByRole('button', { name: 'Revoke API key CI deploy' }).click();
  await row.getByRole('button', { name: 'Confirm revoke API key CI deploy' }).click();
  await expect(page.getByText('No API keys yet.')).toBeVisible();

  const refused = await request.get(projectsPath(organization.id), { headers: auth });
  expect(refused.status()).toBe(401);
  expect(refused.headers()['www-authenticate']).toContain('error="invalid_token"');
  expect((await requestOrganizationToken(request, key, organization.id)).body.error).toBe('invalid_client');
});

test('a viewer key reads but cannot write; members see no API keys page', async ({ page, request, browser }) => {
  const [owner, member] = await Promise.all([createUser('viewer_key_owner'), createUser('key_member')]);
  const organization = await createOrganizationWith('Viewer Key Co', [
    [owner, 'owner'],
    [member, 'member'],
  ]);

  await signIn(page, owner.username, { returnTo: `/o/${organization.id}/api-keys`, password: PASSWORD });
  const key = await createKeyOnPage(page, 'Reports', 'viewer');
  const issued = await requestOrganizationToken(request, key, organization.id);
  expect(issued.body.scope?.split(' ').sort()).toEqual(['read:members', 'read:projects']);
  const auth = { Authorization: `Bearer ${issued.body.access_token}` };
  expect((await request.get(projectsPath(organization.id), { headers: auth })).status()).toBe(200);
  const write = await request.post(projectsPath(organization.id), { headers: auth, data: { name: 'Not allowed' } });
  expect(write.status()).toBe(403);
  expect(write.headers()['www-authenticate']).toContain('error="insufficient_scope"');

  const memberContext = await browser.newContext({ baseURL: process.env.E2E_APP_URL });
  const memberPage = await memberContext.newPage();
  await signIn(memberPage, member.username, { returnTo: `/o/${organization.id}`, password: PASSWORD });
  await expect(memberPage.getByRole('link', { name: 'Members' })).toBeVisible();
  await expect(memberPage.getByRole('link', { name: 'API keys' })).toHaveCount(0);
  await memberPage.goto(`/o/${organization.id}/api-keys`);
  await expect(memberPage.getByRole('heading', { name: "You don't have access to this organization" })).toBeVisible();
  await memberContext.close();
});
