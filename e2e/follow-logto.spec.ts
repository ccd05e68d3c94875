import { signIn } from './support/auth';
import { expectHydrated } from './support/hydration';
import { createOrganizationWith, createUser, managementApi, organizationTokenFor, PASSWORD, type TestUser } from './support/tenant';
import { expect, test } from './support/test';

// Changes made in Logto itself (the Console, another service: here the Management API, as the
// Console would) reach the app: writes are refused at once, and the local Logto's webhook
// deliveries update what pages show within seconds.

// Deliveries are applied within a second or so; the margin is for busy CI machines.
const WEBHOOK_WAIT = { timeout: 15_000, intervals: [250, 500, 1_000] };

test.describe('following changes made in Logto', () => {
  let owner: TestUser;
  let member: TestUser;

  // Fresh users and organizations for every test: tests run in parallel and in any order.
  test.beforeEach(async () => {
    [owner, member] = await Promise.all([createUser('owner'), createUser('member')]);
  });

  test('a member removed in Logto is refused on the next write, from an open form and through the API', async ({ page, request }) => {
    const organization = await createOrganizationWith('Removal Co', [[owner, 'owner'], [member, 'member']]);
    const token = await organizationTokenFor(member, organization.id);
    await signIn(page, member.username, { returnTo: `/o/${organization.id}`, password: PASSWORD });
    const form = page.getByRole('form', { name: 'New project' });
    // The in-page refusal is under test: submitted before hydration, the form posts natively and
    // the reloaded page is the no-access page instead (also a refusal, but not this one).
    await expectHydrated(form);
    await form.getByLabel('Project name').fill('Made after removal');

    await managementApi().organizations.removeUser(organization.id, member.id);

    await form.getByRole('button', { name: 'Create project' }).click();
    await expect(page.getByRole('main').getByRole('alert')).toContainText("You don't have access to this organization");
    const projects = await request.get(`/api/organizations/${organization.id}/projects`, {
      headers: { Authorization: `Bearer ${await organizationTokenFor(owner, organization.id)}` },
    });
    expect(((await projects.json()) as { items: { name: string }[] }).items.map((project) => project.name)).not.toContain('Made after removal');

    // The member's bearer token is still within its hour, but predates the removal.
    await expect(async () => {
      const write = await request.post(`/api/organizations/${organization.id}/projects`, { headers: { Authorization: `Bearer ${token}` }, data: { name: 'Via API' } });
      expect(write.status()).toBe(401);
      expect(write.headers()['www-authenticate']).toContain('error="invalid_token"');
    }).toPass(WEBHOOK_WAIT);
  });

  test('a member demoted in Logto (no event is sent) is refused on the next write through the app', async ({ page, request }) => {
    const organization = await createOrganizationWith('Demotion Co', [[owner, 'owner'], [member, 'member']]);
    await signIn(page, member.username, { returnTo: `/o/${organization.id}`, password: PASSWORD });
    const form = page.getByRole('form', { name: 'New project' });
    await form.getByLabel('Project name').fill('Made after demotion');

    await managementApi().organizations.setUserRolesByName(organization.id, member.id, ['viewer']);

    await form.getByRole('button', { name: 'Create project' }).click();
    // Refused: the action read the current role from Logto, and the page now shows it.
    await expect(page.getByText('Your role: viewer')).toBeVisible();
    await expect(page.getByText("You can view projects; your role doesn't allow changes.")).toBeVisible();
    await expect(page.getByRole('form', { name: 'New project' })).toHaveCount(0);
    const projects = await request.get(`/api/organizations/${organization.id}/projects`, {
      headers: { Authorization: `Bearer ${await organizationTokenFor(owner, organization.id)}` },
    });
    expect(((await projects.json()) as { items: unknown[] }).items).toEqual([]);
  });

  test('an organization renamed in Logto shows its new name', async ({ page }) => {
    const organization = await createOrganizationWith('Before Rename', [[owner, 'owner']]);
    await signIn(page, owner.username, { returnTo: `/o/${organization.id}`, password: PASSWORD });
    await expect(page.getByRole('heading', { level: 1, name: 'Before Rename' })).toBeVisible();

    await managementApi().organizations.update(organization.id, { name: 'After Rename' });

    await expect(async () => {
      await page.reload();
      await expect(page.getByRole('heading', { level: 1, name: 'After Rename' })).toBeVisible({ timeout: 100 });
    }).toPass(WEBHOOK_WAIT);
  });

  test('an organization deleted in Logto is gone from the dashboard, its pages and its API', async ({ page, request }) => {
    const organization = await createOrganizationWith('Deleted Elsewhere', [[owner, 'owner']]);
    const token = await organizationTokenFor(owner, organization.id);
    const created = await request.post(`/api/organizations/${organization.id}/projects`, { headers: { Authorization: `Bearer ${token}` }, data: { name: 'Doomed' } });
    expect(created.status()).toBe(201);
    await signIn(page, owner.username, { password: PASSWORD });
    const organizations = page.getByRole('list', { name: 'Organizations' });
    await expect(organizations.getByRole('link', { name: /Deleted Elsewhere/ })).toBeVisible();

    await managementApi().organizations.delete(organization.id);

    await expect(async () => {
      await page.reload();
      await expect(page.getByRole('link', { name: /Deleted Elsewhere/ })).toHaveCount(0, { timeout: 100 });
    }).toPass(WEBHOOK_WAIT);
    await page.goto(`/o/${organization.id}`);
    await expect(page.getByRole('heading', { name: /don.t have access/i })).toBeVisible();
    // Its token is refused, and its data (projects, activity, creation records) is removed: see
    // lib/webhooks/deliveries.test.ts for the rows themselves.
    const read = await request.get(`/api/organizations/${organization.id}/projects`, { headers: { Authorization: `Bearer ${token}` } });
    expect(read.status()).toBe(401);
  });

  // Only adds scopes: a role that grants less refuses every organization token issued before,
  // which would reach the other tests running beside this one (lib/webhooks/deliveries.test.ts
  // covers that).
  test('a role made and given a scope in Logto is followed by the pages within seconds', async ({ page }) => {
    const api = managementApi();
    const scopeIds = new Map((await api.organizationScopes.listAll()).map((scope) => [scope.name, scope.id]));
    const scopeId = (name: string) => scopeIds.get(name) ?? '';
    const auditor = await api.organizationRoles.create({
      name: `auditor-${Date.now().toString(36)}`,
      organizationScopeIds: [scopeId('read:projects'), scopeId('read:members')],
    });
    const organization = await createOrganizationWith('Custom Role Co', [[owner, 'owner'], [member, auditor.name]]);
    await signIn(page, member.username, { returnTo: `/o/${organization.id}`, password: PASSWORD });
    await expect(page.getByText("You can view projects; your role doesn't allow changes.")).toBeVisible();
    await expect(page.getByRole('form', { name: 'New project' })).toHaveCount(0);

    await api.organizationRoles.addScopes(auditor.id, [scopeId('write:projects')]);

    await expect(async () => {
      await page.reload();
      await expect(page.getByRole('form', { name: 'New project' })).toBeVisible({ timeout: 1_000 });
    }).toPass(WEBHOOK_WAIT);
  });

  test('a user suspended in Logto is signed out at once, and their API token is refused', async ({ page, request }) => {
    const organization = await createOrganizationWith('Suspension Co', [[owner, 'owner'], [member, 'member']]);
    const token = await organizationTokenFor(member, organization.id);
    await signIn(page, member.username, { returnTo: `/o/${organization.id}`, password: PASSWORD });
    await expect(page.getByRole('heading', { level: 1, name: 'Suspension Co' })).toBeVisible();

    await managementApi().request('PATCH', `/users/${member.id}/is-suspended`, { body: { isSuspended: true } });

    // The organization token would be good for the rest of its hour; the app's session too.
    await expect(async () => {
      const read = await request.get(`/api/organizations/${organization.id}/projects`, { headers: { Authorization: `Bearer ${token}` } });
      expect(read.status()).toBe(401);
      const next = await page.request.get(`/o/${organization.id}`, { maxRedirects: 0 });
      expect(next.status()).toBe(307);
      expect(next.headers().location).toMatch(/^\/sign-in\?returnTo=/);
    }).toPass(WEBHOOK_WAIT);

    // Signing in again is Logto's to refuse.
    await page.reload();
    await page.getByLabel('Email or username').fill(member.username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('This account is suspended.')).toBeVisible();
  });
});
