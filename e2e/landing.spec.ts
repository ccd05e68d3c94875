import { expect, test } from './support/test';

test('the landing page says what the starter is and offers sign-in and sign-up', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('multi-tenant SaaS starter');
  await expect(page.getByRole('main')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Get started' })).toHaveAttribute('href', '/sign-up');
  expect(problems).toEqual([]);
});

test('keyboard users reach skip link, sign-in and get-started in order', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Get started' })).toBeFocused();
  // Enter on a focused link follows it: "Get started" leads into Logto's create-account screen.
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/oidc\/|\/sign-in|\/register|\/experience/);
});
