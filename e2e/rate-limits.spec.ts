import { randomBytes } from 'node:crypto';

import { expect, test } from './support/test';
import { createAccount } from './support/auth';
import { createOrganization, uniqueName } from './support/organizations';
import { createOrganizationWith, createUser, organizationTokenFor } from './support/tenant';

// The default limits (lib/rate-limit/policies.ts), as the e2e app runs them.

test('sign-in starts are limited per client address: 429 with Retry-After and RateLimit', async ({ playwright, baseURL }) => {
  // Its own request context: no cookies shared with anything else. Without trusted proxies the
  // app takes the address from X-Forwarded-For as Next.js records it, so each test address is fresh.
  const address = `198.51.100.${randomBytes(1)[0] ?? 1}`;
  const client = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { 'X-Forwarded-For': address } });
  try {
    for (let i = 0; i < 30; i += 1) {
      const response = await client.get('/sign-in', { maxRedirects: 0 });
      expect(response.status(), `start ${i + 1}`).toBe(307);
    }
    const refused = await client.get('/sign-in', { maxRedirects: 0 });
    expect(refused.status()).toBe(429);
    expect(Number(refused.headers()['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers()['ratelimit-policy']).toBe('"sign-in";q=30;w=60');
    expect(refused.headers()['ratelimit']).toMatch(/^"sign-in";r=0;t=\d+$/);
    expect(await refused.text()).toMatch(/Too many sign-in attempts for now\. Try again in \d+ (seconds?|minutes?)\./);

    // Another address is not affected.
    const other = await client.get('/sign-up', { maxRedirects: 0, headers: { 'X-Forwarded-For': '192.0.2.77' } });
    expect(other.status()).toBe(307);
  } finally {
    await client.dispose();
  }
});

test('org-scoped API requests are limited per token subject and organization', async ({ request }) => {
  test.setTimeout(120_000);
  const user = await createUser('busy');
  const organization = await createOrganizationWith('Busy Co', [[user, 'owner']]);
  const token = await organizationTokenFor(user, organization.id);
  const get = () =>
    request.get(`/api/organizations/${organization.id}/projects`, { headers: { Authorization: `Bearer ${token}` } });

  const first = await get();
  expect(first.status()).toBe(200);
  expect(first.headers()['ratelimit-policy']).toBe('"api";q=600;w=60');
  expect(first.headers()['ratelimit']).toMatch(/^"api";r=599;t=\d+$/);

  // 600 a minute, sliding: at least 600 pass, and the limit stops the burst soon after.
  let allowed = 1;
  let refused: Awaited<ReturnType<typeof get>> | undefined;
  while (!refused && allowed < 800) {
    const batch = await Promise.all(Array.from({ length: 20 }, get));
    allowed += batch.filter((response) => response.status() === 200).length;
    refused = batch.find((response) => response.status() === 429);
  }
  expect(allowed).toBeGreaterThanOrEqual(600);
  expect(allowed).toBeLessThan(800);
  if (!refused) throw new Error('no request was refused');
  expect(Number(refused.headers()['retry-after'])).toBeGreaterThan(0);
  expect(refused.headers()['ratelimit']).toMatch(/^"api";r=0;t=\d+$/);
  expect(await refused.json()).toMatchObject({ error: 'rate_limited', error_description: expect.stringMatching(/Try again in/) });

  // Another member of the same organization has their own allowance.
  const colleague = await createUser('calm');
  const other = await createOrganizationWith('Calm Co', [[colleague, 'owner']]);
  const otherToken = await organizationTokenFor(colleague, other.id);
  const calm = await request.get(`/api/organizations/${other.id}/projects`, { headers: { Authorization: `Bearer ${otherToken}` } });
  expect(calm.status()).toBe(200);
});

test('organization creation: the form says next to the button when the hourly limit frees up', async ({ page }) => {
  test.setTimeout(120_000);
  await createAccount(page);
  for (let i = 0; i < 5; i += 1) await createOrganization(page, uniqueName('Burst'));

  await page.goto('/organizations/new');
  await page.getByLabel('Name').fill(uniqueName('One too many'));
  const button = page.getByRole('button', { name: 'Create organization' });
  await button.click();
  const message = page.getByRole('alert').filter({ hasText: 'Too many new organizations' });
  await expect(message).toHaveText(/^Too many new organizations for now\. Try again in \d+ (minutes?|hours?)\.$/);
  // Next to the button, in the same row.
  await expect(button.locator('xpath=..').getByRole('alert')).toHaveText(/Too many new organizations/);
  await expect(page.getByLabel('Name')).toHaveValue(/One too many/);
});
