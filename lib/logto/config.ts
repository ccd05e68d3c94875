import 'server-only';

import type { LogtoNextConfig } from '@logto/next';

import { createSessionStore } from '@/lib/auth/session-store';
import { createUserSessions } from '@/lib/auth/user-sessions';
import { getDb } from '@/lib/db/client';
import { getEnv } from '@/lib/env';

import { createTokenRevoker } from './revoke-token';
import { APP_SIGN_IN_SCOPES, appSignInResources, CALLBACK_PATH } from './sign-in-request';

export { CALLBACK_PATH };

const env = getEnv();

export const sessionStore = createSessionStore({ getDb, secret: env.logto.cookieSecret });

/** The sessions page's view of the same rows; signing one out revokes its refresh token at Logto. */
export const userSessions = createUserSessions({
  getDb,
  secret: env.logto.cookieSecret,
  revokeRefreshToken: createTokenRevoker({ endpoint: env.logto.endpoint, appId: env.logto.appId, appSecret: env.logto.appSecret }),
});

/**
 * The one @logto/next configuration. Sign-in asks for every organization scope of the template
 * and for the app's API resource: Logto only puts scopes that were requested at sign-in into
 * organization and resource tokens.
 */
export const logtoConfig: LogtoNextConfig = {
  endpoint: env.logto.endpoint,
  appId: env.logto.appId,
  appSecret: env.logto.appSecret,
  baseUrl: env.appUrl,
  cookieSecret: env.logto.cookieSecret,
  cookieSecure: env.appUrl.startsWith('https://'),
  resources: appSignInResources(env.logto.apiResource),
  scopes: [...APP_SIGN_IN_SCOPES],
  sessionWrapper: sessionStore.wrapper,
};

/** Logto's cookie name for this app (set by @logto/next from the app id). */
export const sessionCookieName = `logto_${env.logto.appId}`;
