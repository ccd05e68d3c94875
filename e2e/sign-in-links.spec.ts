import { expect, test } from './support/test';
import { signIn } from './support/auth';

// A link to /sign-in or /sign-up from another site (a crawler, a phishing page, an old
// bookmark) must never replace a signed-in user's session.
for (const entry of ['/sign-in', '/sign-up']) {
  test(`a signed-in user following a link to ${entry} stays signed in and goes where it points`, async ({ page }) => {
    await signIn(page, 'alice@example.com');
    await page.goto(`${entry}?returnTo=${encodeURIComponent('/organizations/new')}`, { referer: 'https://elsewhere.example/' });
    await expect(page).toHaveURL(/\/organizations\/new$/);
    await expect(page.getByRole('heading', { name: 'Create an organization' })).toBeVisible();

    await page.goto(entry, { referer: 'https://elsewhere.example/' });
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByText('Signed in as')).toBeVisible();
  });
}
