import { expect, test } from './support/test';
import { createAccount, signIn, signOut, submitSignIn } from './support/auth';

test('a visitor creates an account, signs out and signs in again', async ({ page }) => {
  const { email, password } = await createAccount(page);
  await expect(page.getByRole('heading', { name: 'Your organizations' })).toBeVisible();
  await expect(page.getByRole('button', { name: /account menu/i })).toBeVisible();

  await signOut(page);
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/sign-in\?app_id=|\/oidc\//);

  await submitSignIn(page, email, password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByText(`Signed in as`)).toBeVisible();
});

test('the session cookie holds only an opaque id', async ({ page, context }) => {
  await signIn(page, 'alice@example.com');
  const cookie = (await context.cookies()).find((candidate) => candidate.name.startsWith('logto_'));
  expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe('Lax');
});

test('a deep link opened while signed out lands on that page after sign-in', async ({ page }) => {
  await page.goto('/organizations/new');
  // The two-step code form waits, hidden, until a sign-in needs it.
  await expect(page.getByLabel('Password')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Verify' })).toBeHidden();
  await submitSignIn(page, 'bob@example.com');
  await expect(page).toHaveURL(/\/organizations\/new$/);
  await expect(page.getByRole('heading', { name: 'Create an organization' })).toBeVisible();
});

for (const attempt of ['https://evil.example/phish', '//evil.example', '/\\evil.example']) {
  test(`an open-redirect attempt (${attempt}) stays on the site`, async ({ page, baseURL }) => {
    await page.goto(`/sign-in?returnTo=${encodeURIComponent(attempt)}`);
    await submitSignIn(page, 'carol@example.com');
    await expect(page).toHaveURL(`${baseURL}/dashboard`);
  });
}

test('a wrong password shows an error next to the field and keeps the identifier', async ({ page }) => {
  await page.goto('/sign-in');
  await submitSignIn(page, 'alice@example.com', 'not-the-password');
  await expect(page.getByText(/incorrect|invalid|wrong/i).first()).toBeVisible();
  await expect(page.getByLabel('Email or username')).toHaveValue('alice@example.com');
});

test('signed-out visitors are sent to sign-in from every signed-in page', async ({ page }) => {
  for (const path of ['/dashboard', '/organizations/new', '/o/abcdefabcdef']) {
    await page.goto(path);
    await expect(page).not.toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByLabel('Email or username')).toBeVisible();
  }
});
