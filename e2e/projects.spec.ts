import type { APIRequestContext } from '@playwright/test';

import { expect, test } from './support/test';
import { signIn } from './support/auth';
import { createOrganizationWith, createUser, organizationTokenFor, PASSWORD, type TestUser } from './support/tenant';

const projectsPath = (organizationId: string) => `/api/organizations/${organizationId}/projects`;

async function createProjectViaApi(request: APIRequestContext, organizationId: string, token: string, name: string) {
  const response = await request.post(projectsPath(organizationId), { headers: { Authorization: `Bearer ${token}` }, data: { name } });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string; name: string };
}

test.describe('projects', () => {
  let owner: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;
  let orgA: { id: string; name: string };
  let orgB: { id: string; name: string };

  // Fresh users and organizations for every test: tests run in parallel and in any order.
  test.beforeEach(async () => {
    [owner, viewer, outsider] = await Promise.all([createUser('owner'), createUser('viewer'), createUser('outsider')]);
    orgA = await createOrganizationWith('Tenant A', [[owner, 'owner'], [viewer, 'viewer']]);
    orgB = await createOrganizationWith('Tenant B', [[outsider, 'owner']]);
  });

  test('an owner creates, renames and deletes projects in the UI', async ({ page }) => {
    await signIn(page, owner.username, { returnTo: `/o/${orgA.id}`, password: PASSWORD });
    await expect(page.getByText('No projects yet.')).toBeVisible();

    const form = page.getByRole('form', { name: 'New project' });
    await form.getByLabel('Project name').fill('Website relaunch');
    await form.getByRole('button', { name: 'Create project' }).click();
    await expect(page.getByRole('status')).toHaveText('Created “Website relaunch”.');
    const item = page.getByRole('listitem', { name: 'Website relaunch' });
    await expect(item).toBeVisible();

    // An empty name is refused next to the field, and nothing is created.
    await form.getByRole('button', { name: 'Create project' }).click();
    await expect(form.getByText('Enter a project name.')).toBeVisible();
    await expect(form.getByLabel('Project name')).toHaveAttribute('aria-invalid', 'true');

    await item.getByRole('button', { name: 'Rename Website relaunch' }).click();
    await page.getByLabel('New name').fill('Website 2.0');
    await page.getByRole('button', { name: 'Save' }).click();
    const renamed = page.getByRole('listitem', { name: 'Website 2.0' });
    await expect(renamed).toBeVisible();

    await renamed.getByRole('button', { name: 'Delete Website 2.0' }).click();
    await renamed.getByRole('button', { name: 'Confirm delete Website 2.0' }).click();
    await expect(page.getByText('No projects yet.')).toBeVisible();
  });

  test("A's token can neither read nor write B's projects through the API", async ({ request }) => {
    const tokenA = await organizationTokenFor(owner, orgA.id);
    const tokenB = await organizationTokenFor(outsider, orgB.id);
    const secret = await createProjectViaApi(request, orgB.id, tokenB, 'B secret');
    const asA = { Authorization: `Bearer ${tokenA}` };

    // A's token on B's routes: invalid for that audience.
    for (const response of [
      await request.get(projectsPath(orgB.id), { headers: asA }),
      await request.get(`${projectsPath(orgB.id)}/${secret.id}`, { headers: asA }),
      await request.post(projectsPath(orgB.id), { headers: asA, data: { name: 'planted' } }),
      await request.patch(`${projectsPath(orgB.id)}/${secret.id}`, { headers: asA, data: { name: 'hijacked' } }),
      await request.delete(`${projectsPath(orgB.id)}/${secret.id}`, { headers: asA }),
    ]) {
      expect(response.status()).toBe(401);
      expect(response.headers()['www-authenticate']).toContain('error="invalid_token"');
      expect(await response.json()).toMatchObject({ error: 'invalid_token' });
    }

    // A's token on A's routes with B's project id: not found, and nothing changed.
    for (const response of [
      await request.get(`${projectsPath(orgA.id)}/${secret.id}`, { headers: asA }),
      await request.patch(`${projectsPath(orgA.id)}/${secret.id}`, { headers: asA, data: { name: 'hijacked' } }),
      await request.delete(`${projectsPath(orgA.id)}/${secret.id}`, { headers: asA }),
    ]) {
      expect(response.status()).toBe(404);
    }
    const stillThere = await request.get(`${projectsPath(orgB.id)}/${secret.id}`, { headers: { Authorization: `Bearer ${tokenB}` } });
    expect(await stillThere.json()).toMatchObject({ id: secret.id, name: 'B secret' });
    const listA = await request.get(projectsPath(orgA.id), { headers: asA });
    expect(((await listA.json()) as { items: { id: string }[] }).items.map((project) => project.id)).not.toContain(secret.id);
  });

  test('the API answers RFC 6750 errors and validates input', async ({ request }) => {
    const tokenA = await organizationTokenFor(owner, orgA.id);
    const missing = await request.get(projectsPath(orgA.id));
    expect(missing.status()).toBe(401);
    expect(missing.headers()['www-authenticate']).toMatch(/^Bearer realm=/);

    const inQuery = await request.get(`${projectsPath(orgA.id)}?access_token=${tokenA}`);
    expect(inQuery.status()).toBe(400);
    expect(await inQuery.json()).toMatchObject({ error: 'invalid_request' });

    const garbage = await request.get(projectsPath(orgA.id), { headers: { Authorization: 'Bearer not.a.jwt' } });
    expect(garbage.status()).toBe(401);

    const badBody = await request.post(projectsPath(orgA.id), { headers: { Authorization: `Bearer ${tokenA}` }, data: { name: '' } });
    expect(badBody.status()).toBe(400);
    expect(await badBody.json()).toMatchObject({ error: 'invalid_request', fieldErrors: { name: ['Enter a project name.'] } });

    const badLimit = await request.get(`${projectsPath(orgA.id)}?limit=1000`, { headers: { Authorization: `Bearer ${tokenA}` } });
    expect(badLimit.status()).toBe(400);
    expect(await badLimit.json()).toMatchObject({ error: 'invalid_request', fieldErrors: { limit: [expect.any(String)] } });

    // Every kind of invalid input is the same 400 invalid_request (docs/api.md).
    const notJson = await request.post(projectsPath(orgA.id), {
      headers: { Authorization: `Bearer ${tokenA}`, 'Content-Type': 'application/json' },
      // A Buffer goes out as is (a string would be JSON-encoded into a valid JSON string).
      data: Buffer.from('{"name": '),
    });
    expect(notJson.status()).toBe(400);
    expect(await notJson.json()).toEqual({ error: 'invalid_request', error_description: 'The request body is not valid JSON.' });

    const badCursor = await request.get(`${projectsPath(orgA.id)}?cursor=bm90LWEtY3Vyc29y`, { headers: { Authorization: `Bearer ${tokenA}` } });
    expect(badCursor.status()).toBe(400);
    expect(await badCursor.json()).toEqual({ error: 'invalid_request', error_description: 'Not a valid cursor.' });

    const unknownField = await request.post(projectsPath(orgA.id), { headers: { Authorization: `Bearer ${tokenA}` }, data: { name: 'Typo', descripton: 'x' } });
    expect(unknownField.status()).toBe(400);
    expect(await unknownField.json()).toEqual({
      error: 'invalid_request',
      error_description: 'Unknown field: descripton.',
      fieldErrors: { descripton: ['Unknown field: descripton.'] },
    });
  });

  test('pages through projects with a cursor', async ({ request }) => {
    const token = await organizationTokenFor(owner, orgA.id);
    const headers = { Authorization: `Bearer ${token}` };
    for (const name of ['p1', 'p2', 'p3']) await createProjectViaApi(request, orgA.id, token, name);
    const first = (await (await request.get(`${projectsPath(orgA.id)}?limit=2`, { headers })).json()) as { items: { name: string }[]; nextCursor: string };
    expect(first.items.map((project) => project.name)).toEqual(['p3', 'p2']);
    const second = (await (await request.get(`${projectsPath(orgA.id)}?limit=2&cursor=${first.nextCursor}`, { headers })).json()) as {
      items: { name: string }[];
    };
    expect(second.items.map((project) => project.name)).toContain('p1');
  });

  test('the organization home pages through more than 50 projects', async ({ page, request }) => {
    const member = await createUser('pager');
    const organization = await createOrganizationWith('Many Projects', [[member, 'member']]);
    const token = await organizationTokenFor(member, organization.id);
    for (let index = 1; index <= 52; index += 1) await createProjectViaApi(request, organization.id, token, `Project ${index}`);

    await signIn(page, member.username, { returnTo: `/o/${organization.id}`, password: PASSWORD });
    const list = page.getByRole('list', { name: 'Projects' });
    await expect(list.getByRole('listitem')).toHaveCount(50);
    await expect(list.getByRole('listitem').first()).toHaveAccessibleName('Project 52');
    await page.getByRole('link', { name: 'Older projects' }).click();
    await expect(list.getByRole('listitem')).toHaveCount(2);
    await expect(list.getByRole('listitem').last()).toHaveAccessibleName('Project 1');
    await page.goto(`/o/${organization.id}?cursor=bm90LWEtY3Vyc29y`);
    await expect(list.getByRole('listitem')).toHaveCount(50);
  });

  test('a viewer reads but cannot write, in the UI or the API', async ({ page, request }) => {
    const token = await organizationTokenFor(viewer, orgA.id);
    const write = await request.post(projectsPath(orgA.id), { headers: { Authorization: `Bearer ${token}` }, data: { name: 'nope' } });
    expect(write.status()).toBe(403);
    expect(write.headers()['www-authenticate']).toContain('error="insufficient_scope"');
    expect(write.headers()['www-authenticate']).toContain('scope="write:projects"');
    expect((await request.get(projectsPath(orgA.id), { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(200);

    await signIn(page, viewer.username, { returnTo: `/o/${orgA.id}`, password: PASSWORD });
    await expect(page.getByText("your role doesn't allow changes")).toBeVisible();
    await expect(page.getByRole('form', { name: 'New project' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Rename/ })).toHaveCount(0);
  });

  test("editing the URL or a form field never reaches another organization's data", async ({ page, request }) => {
    const tokenB = await organizationTokenFor(outsider, orgB.id);
    const secret = await createProjectViaApi(request, orgB.id, tokenB, 'B roadmap');

    await signIn(page, owner.username, { returnTo: `/o/${orgB.id}`, password: PASSWORD });
    await expect(page.getByRole('heading', { name: "You don't have access to this organization" })).toBeVisible();
    await expect(page.getByText('B roadmap')).toHaveCount(0);

    // In A, point a rename form at B's project id: the server answers "no such project".
    await page.goto(`/o/${orgA.id}`);
    const form = page.getByRole('form', { name: 'New project' });
    await form.getByLabel('Project name').fill('Decoy');
    await form.getByRole('button', { name: 'Create project' }).click();
    const decoy = page.getByRole('listitem', { name: 'Decoy' });
    await decoy.getByRole('button', { name: 'Rename Decoy' }).click();
    await page.locator('form[aria-label="Rename Decoy"] input[name="projectId"]').evaluate((input, id) => {
      (input as HTMLInputElement).value = id;
    }, secret.id);
    await page.getByLabel('New name').fill('Hijacked');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('main').getByRole('alert')).toContainText('No such project in this organization.');

    const check = await request.get(`${projectsPath(orgB.id)}/${secret.id}`, { headers: { Authorization: `Bearer ${tokenB}` } });
    expect(await check.json()).toMatchObject({ name: 'B roadmap' });
  });
});
