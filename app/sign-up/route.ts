// GET /sign-up?returnTo=/path - open Logto's create-account screen, then come back
import type { NextRequest } from 'next/server';

import { handleSignInStart } from '@/lib/auth/sign-in';

export function GET(request: NextRequest) {
  return handleSignInStart(request, 'sign-up');
}
