import { randomBytes } from 'node:crypto';

import { expect, type BrowserContext, type Page } from '@playwright/test';
import { clickWhenHydrated } from './hydration';

export const DEMO_PASSWORD = 'demo-password';

/** Fills the local Logto's sign-in page (reached through the app's /sign-in). */
export async function submitSignIn(page: Page, identifier: string, password = DEMO_PASSWORD) {
  await page.getByLabel('Email or username').fill(identifier);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signIn(page: Page, identifier: string, { returnTo = '/dashboard', password = DEMO_PASSWORD } = {}) {
  await page.goto(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  await submitSignIn(page, identifier, password);
  await expect(page).toHaveURL(new RegExp(`${escapeRegExp(returnTo)}$`));
}

export function uniqueEmail(prefix = 'user') {
  return `${prefix}-${randomBytes(5).toString('hex')}@example.com`;
}

/** Creates an account through the app's "Get started" flow and lands signed in. */
export async function createAccount(page: Page, { email = uniqueEmail(), password = 'a-strong-password', returnTo = '/dashboard' } = {}) {
  await page.goto(`/sign-up?returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByLabel('Email or username').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(new RegExp(`${escapeRegExp(returnTo)}$`));
  return { email, password };
}

export async function signOut(page: Page) {
  await clickWhenHydrated(page.getByRole('button', { name: /account menu/i }));
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/$/);
}

/**
 * Ends the session as expiry would: the browser keeps a well-formed session cookie whose row is
 * gone, and Logto's own session is gone too, so signing in again asks for the password.
 */
export async function expireSession(context: BrowserContext) {
  const session = (await context.cookies()).find((cookie) => cookie.name.startsWith('logto_'));
  await context.clearCookies();
  if (session) await context.addCookies([{ ...session, value: randomBytes(32).toString('base64url') }]);
}

export function escapeRegExp(value: string) {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
