// GET /sign-up?returnTo=/path - open Logto's create-account screen, then come back
import type { NextRequest } from 'next/server';

import { startSignIn } from '@/lib/auth/sign-in';

export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  return startSignIn({ mode: 'sign-up', returnTo: params.get('returnTo'), loginHint: params.get('loginHint') ?? undefined });
}
