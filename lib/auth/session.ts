import 'server-only';

import { PersistKey } from '@logto/node';
import {
  getAccessToken,
  getLogtoContext,
  getOrganizationToken,
  getOrganizationTokenRSC,
} from '@logto/next/server-actions';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { cache } from 'react';

import { displayNameOf, initialsOf } from '@/lib/display-name';
import { logtoConfig, sessionCookieName, sessionStore, userSessions } from '@/lib/logto/config';

import { signInPath } from './return-path';

export type SessionUser = {
  id: string;
  name: string;
  email: string | null;
  username: string | null;
  initials: string;
};

/** The signed-in user from the session's ID token, or null. Once per request. */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const { isAuthenticated, claims } = await getLogtoContext(logtoConfig);
  if (!isAuthenticated || !claims) return null;
  await recordSessionUse();
  const email = typeof claims.email === 'string' ? claims.email : null;
  const username = typeof claims.username === 'string' ? claims.username : null;
  let name = displayNameOf({ name: claims.name, username, primaryEmail: email });
  if (!name) {
    const t = await getTranslations('people');
    name = t('account');
  }
  return { id: claims.sub, name, email, username, initials: initialsOf(name) };
});

/**
 * The signed-in user, or a redirect to sign-in that comes back to `returnTo`.
 * Every page, action and route handler that needs a user calls this itself.
 */
export async function requireUser(returnTo: string): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect(signInPath(returnTo));
  return user;
}

const EXPIRY_MARGIN_SECONDS = 30;

/** The session cookie's value (the id of this browser's session row), or ''. */
export async function currentSessionId() {
  return (await cookies()).get(sessionCookieName)?.value ?? '';
}

/** For the sessions page: when and from which browser (written at most every few minutes). */
async function recordSessionUse() {
  try {
    await userSessions.touch(await currentSessionId(), (await headers()).get('user-agent'));
  } catch (error) {
    // Bookkeeping only: a failed write must not fail the page.
    console.warn('[sessions] could not record session use:', error);
  }
}

/**
 * Whether the session holds a cached, unexpired token for this key (@logto/client's
 * "<scopes>@<resource>#<organizationId>" format), so fetching it will not spend the refresh token.
 */
async function hasFreshToken(sessionId: string, key: string) {
  const raw = (await sessionStore.peek(sessionId))[PersistKey.AccessToken];
  if (!raw) return false;
  try {
    const entry = (JSON.parse(raw) as Record<string, { expiresAt?: number } | undefined>)[key];
    return typeof entry?.expiresAt === 'number' && entry.expiresAt - EXPIRY_MARGIN_SECONDS > Date.now() / 1000;
  } catch {
    return false;
  }
}

async function withSingleRefresh<T>(key: string, fetchToken: () => Promise<T>): Promise<T> {
  const sessionId = await currentSessionId();
  if (!sessionId || (await hasFreshToken(sessionId, key))) return fetchToken();
  // The SDK re-reads the session from the database when `fetchToken` runs, so a request that
  // waited here finds the token its twin just stored instead of refreshing again.
  return sessionStore.withRefreshLock(sessionId, fetchToken);
}

/** The signed-in user's access token for an API resource (server actions and route handlers). */
export function getResourceAccessToken(resource: string) {
  return withSingleRefresh(`@${resource}`, () => getAccessToken(logtoConfig, resource));
}

/**
 * The signed-in user's organization token. `from: 'page'` in Server Components, which may not
 * set cookies: a refreshed token still reaches the session row, since the cookie holds only its id.
 */
export function getUserOrganizationToken(organizationId: string, from: 'action' | 'page' = 'action') {
  const fetchToken = from === 'page' ? getOrganizationTokenRSC : getOrganizationToken;
  return withSingleRefresh(`@#${organizationId}`, () => fetchToken(logtoConfig, organizationId));
}
