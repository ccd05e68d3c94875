import { NextResponse, type NextRequest } from 'next/server';

import { REQUEST_PATH_HEADER } from '@/lib/auth/return-path';
import { getEnv } from '@/lib/env';
import {
  API_CONTENT_SECURITY_POLICY,
  NONCE_HEADER,
  newNonce,
  pageContentSecurityPolicy,
  strictTransportSecurity,
} from '@/lib/http/security-headers';

/**
 * Runs before every page and route handler. It authorizes nothing: every page, action and
 * route handler checks the session itself. It
 * - gives each page a fresh CSP nonce: Next.js reads it from the request's
 *   Content-Security-Policy header and puts it on the scripts it renders;
 * - sets HSTS when the app is served over https (the fixed headers come from next.config.ts);
 * - tells the signed-in layout which page was asked for, so a signed-out visitor is sent to
 *   sign-in and brought back to that page.
 */
export function proxy(request: NextRequest) {
  const env = getEnv();
  const { pathname, search } = request.nextUrl;
  const headers = new Headers(request.headers);
  headers.set(REQUEST_PATH_HEADER, `${pathname}${search}`);

  let policy = API_CONTENT_SECURITY_POLICY;
  if (!pathname.startsWith('/api/')) {
    const nonce = newNonce();
    policy = pageContentSecurityPolicy({
      nonce,
      development: env.nodeEnv === 'development',
      appUrl: env.appUrl,
      logtoEndpoint: env.logto.endpoint,
    });
    headers.set(NONCE_HEADER, nonce);
    headers.set('Content-Security-Policy', policy);
  }

  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', policy);
  const hsts = strictTransportSecurity(env.appUrl);
  if (hsts) response.headers.set('Strict-Transport-Security', hsts);
  return response;
}

export const config = {
  // Everything but build assets and the icon, which next.config.ts's fixed headers cover.
  matcher: ['/((?!_next/static|_next/image|icon.svg|favicon.ico).*)'],
};
