// GET /sign-in?returnTo=/path - start Logto sign-in, then come back to a same-origin path
import type { NextRequest } from 'next/server';

import { startSignIn } from '@/lib/auth/sign-in';

export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  return startSignIn({ mode: 'sign-in', returnTo: params.get('returnTo'), loginHint: params.get('loginHint') ?? undefined });
}
