'use server';

import { signOut } from '@logto/next/server-actions';

import { getEnv } from '@/lib/env';
import { logtoConfig } from '@/lib/logto/config';

/** Revokes the refresh token at Logto, deletes the session row and ends Logto's session. */
export async function signOutAction() {
  const env = getEnv();
  await signOut(logtoConfig, `${env.appUrl}/`);
}
