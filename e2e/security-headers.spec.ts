import type { APIResponse } from '@playwright/test';

import { EXPECTS_CSP_VIOLATION, expect, test } from './support/test';

function expectFixedHeaders(response: APIResponse) {
  const headers = response.headers();
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['permissions-policy']).toContain('camera=()');
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  // The suite serves the app over http: no HSTS (unit tests cover https).
  expect(headers['strict-transport-security']).toBeUndefined();
}

test('a page carries a nonce-based policy whose nonce is on its scripts, fresh per response', async ({ request }) => {
  const first = await request.get('/');
  const second = await request.get('/');
  expect(first.status()).toBe(200);
  expectFixedHeaders(first);
  expect(first.headers()['referrer-policy']).toBe('strict-origin-when-cross-origin');

  const policy = first.headers()['content-security-policy'] ?? '';
  expect(policy).not.toContain('unsafe-eval');
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(nonce).toBeTruthy();
  expect(second.headers()['content-security-policy']).not.toContain(`'nonce-${nonce}'`);

  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
});

test('an API route and its errors carry the locked-down policy', async ({ request }) => {
  for (const [path, status] of [
    ['/api/health', 200],
    ['/api/organizations/abcdefabcdef/projects', 401],
    ['/api/no-such-route', 404],
  ] as const) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(status);
    expectFixedHeaders(response);
    expect(response.headers()['content-security-policy']).toContain("default-src 'none'");
  }
});

test('a page that does not exist carries the headers too', async ({ request }) => {
  const response = await request.get('/no-such-page');
  expect(response.status()).toBe(404);
  expectFixedHeaders(response);
  expect(response.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-/);
});

test('invitation pages send no referrer to other sites', async ({ request }) => {
  const response = await request.get('/invitations/no-such-invitation');
  expectFixedHeaders(response);
  expect(response.headers()['referrer-policy']).toBe('same-origin');
});

test('the landing page renders and hydrates under the policy', async ({ page }) => {
  await page.goto('/');
  // Next.js sets window.next when it has hydrated: the app's scripts, allowed by their nonce,
  // ran. A blocked script would also fail the automatic CSP check.
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.waitForFunction(() => 'next' in window);
});

test(
  'the automatic CSP check sees a violation (and fails any other test that has one)',
  { annotation: { type: EXPECTS_CSP_VIOLATION } },
  async ({ page }) => {
    await page.goto('/');
    const reported = page.waitForEvent('console', (message) => /Content Security Policy/.test(message.text()));
    // Plain http images are outside img-src.
    await page.evaluate(() => {
      const image = document.createElement('img');
      image.src = 'http://blocked.invalid/pixel.png';
      document.body.append(image);
    });
    await reported;
  },
);
