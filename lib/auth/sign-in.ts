import 'server-only';

import { signIn } from '@logto/next/server-actions';
import { redirect } from 'next/navigation';
import type { NextRequest } from 'next/server';

import { requestLocale } from '@/i18n/request-locale';
import { getEnv } from '@/lib/env';
import { appErrorMessage } from '@/lib/forms/action-state';
import { clientAddress } from '@/lib/http/client-address';
import { CALLBACK_PATH, logtoConfig } from '@/lib/logto/config';
import { rateLimitedError, rateLimitHeaders } from '@/lib/rate-limit/decisions';
import { appRateLimits, rateLimiter } from '@/lib/rate-limit/app-rate-limits';

import { safeReturnPath } from './return-path';
import { brandingOrganizationId, organizationSignInParams } from './sign-in-organization';
import { getCurrentUser } from './session';

/**
 * Starts Logto's sign-in (or sign-up) and comes back to `returnTo` afterwards, if it is a
 * same-origin path. `loginHint` prefills the identifier (used by invitations). Logto shows
 * its pages in the app's language (`ui_locales`, OIDC Core §3.1.2.1).
 */
async function startSignIn({
  returnTo,
  mode,
  loginHint,
  organizationId,
}: {
  returnTo: unknown;
  mode: 'sign-in' | 'sign-up';
  loginHint?: string;
  /** Logto's sign-in page shows this organization's branding. */
  organizationId?: string;
}): Promise<never> {
  const { appUrl } = getEnv();
  await signIn(logtoConfig, {
    redirectUri: `${appUrl}${CALLBACK_PATH}`,
    postRedirectUri: `${appUrl}${safeReturnPath(returnTo)}`,
    ...(mode === 'sign-up' ? { firstScreen: 'register' as const, interactionMode: 'signUp' as const } : {}),
    ...(loginHint ? { loginHint } : {}),
    extraParams: { ui_locales: await requestLocale(), ...organizationSignInParams(organizationId) },
  });
  // signIn() always redirects; this line is for the type checker.
  throw new Error('Logto sign-in did not redirect');
}

/**
 * GET /sign-in and /sign-up. A signed-in user goes straight to the return path: starting a
 * new sign-in would replace their session, so a link from another site could sign them out.
 * Starts are limited per client address (each one redirects to Logto and stores a
 * short-lived session row).
 */
export async function handleSignInStart(request: NextRequest, mode: 'sign-in' | 'sign-up'): Promise<Response> {
  const params = request.nextUrl.searchParams;
  const returnTo = params.get('returnTo');
  if (await getCurrentUser()) redirect(safeReturnPath(returnTo));

  const decision = await rateLimiter.consume({
    policy: appRateLimits().signInStarts,
    key: clientAddress(request.headers, getEnv().trustedProxies),
  });
  if (!decision.allowed) {
    const error = rateLimitedError(decision);
    // A person's browser follows the sign-in link: the sentence is in their language.
    return new Response(`${await appErrorMessage(error)}\n`, {
      status: 429,
      headers: {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
        'Retry-After': String(error.retryAfterSeconds ?? decision.policy.windowSeconds),
        ...rateLimitHeaders(decision),
      },
    });
  }
  return startSignIn({
    mode,
    returnTo,
    loginHint: params.get('loginHint') ?? undefined,
    organizationId: brandingOrganizationId(params.get('organizationId')),
  });
}
