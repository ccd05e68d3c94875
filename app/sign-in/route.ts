// GET /sign-in?returnTo=/path - start Logto sign-in, then come back to a same-origin path
import type { NextRequest } from 'next/server';

import { handleSignInStart } from '@/lib/auth/sign-in';

export function GET(request: NextRequest) {
  return handleSignInStart(request, 'sign-in');
}
