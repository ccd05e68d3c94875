import { NextResponse, type NextRequest } from 'next/server';

import { REQUEST_PATH_HEADER } from '@/lib/auth/return-path';

/**
 * Tells the signed-in layout which page was asked for, so a signed-out visitor is sent to
 * sign-in and brought back to that page. It authorizes nothing: every page, action and route
 * handler checks the session itself.
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(REQUEST_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ['/dashboard/:path*', '/organizations/:path*', '/o/:path*', '/account/:path*'],
};
