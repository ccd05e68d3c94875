import 'server-only';

import { signIn } from '@logto/next/server-actions';

import { getEnv } from '@/lib/env';
import { CALLBACK_PATH, logtoConfig } from '@/lib/logto/config';

import { safeReturnPath } from './return-path';

/**
 * Starts Logto's sign-in (or sign-up) and comes back to `returnTo` afterwards, if it is a
 * same-origin path. `loginHint` prefills the identifier (used by invitations).
 */
export async function startSignIn({
  returnTo,
  mode,
  loginHint,
}: {
  returnTo: unknown;
  mode: 'sign-in' | 'sign-up';
  loginHint?: string;
}): Promise<never> {
  const { appUrl } = getEnv();
  await signIn(logtoConfig, {
    redirectUri: `${appUrl}${CALLBACK_PATH}`,
    postRedirectUri: `${appUrl}${safeReturnPath(returnTo)}`,
    ...(mode === 'sign-up' ? { firstScreen: 'register' as const, interactionMode: 'signUp' as const } : {}),
    ...(loginHint ? { loginHint } : {}),
  });
  // signIn() always redirects; this line is for the type checker.
  throw new Error('Logto sign-in did not redirect');
}
