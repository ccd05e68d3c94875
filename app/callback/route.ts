// GET /callback - Logto's sign-in callback: exchange the code, then go where sign-in was asked from
import { handleSignIn } from '@logto/next/server-actions';
import { redirect, unstable_rethrow } from 'next/navigation';
import type { NextRequest } from 'next/server';

import { DEFAULT_RETURN_PATH } from '@/lib/auth/return-path';
import { logtoConfig } from '@/lib/logto/config';

export async function GET(request: NextRequest) {
  try {
    // Redirects to the return path recorded when sign-in started, when there is one.
    await handleSignIn(logtoConfig, request.nextUrl.searchParams);
  } catch (error) {
    unstable_rethrow(error);
    // A stale tab, a replayed callback or a denied consent: say so, and offer to try again.
    console.warn('[auth] sign-in callback failed:', error instanceof Error ? error.message : error);
    redirect('/sign-in/failed');
  }
  redirect(DEFAULT_RETURN_PATH);
}

