import 'server-only';

import { requestLocale } from '@/i18n/request-locale';
import { getDb } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { sessionStore } from '@/lib/logto/config';
import { getWriteThroughManagementApi } from '@/lib/mirror/app-mirror';

import type { InvitationDeps } from './invitations/invitation';
import type { AdminDeps } from './use-case';

// The real dependencies of the organization use cases, for the server actions (tests pass
// the local Logto's). Their Management API client writes every change through to the mirror.

export async function adminDeps(): Promise<AdminDeps> {
  return { api: getWriteThroughManagementApi(), db: await getDb(), tokens: sessionStore };
}

export async function invitationDeps(): Promise<InvitationDeps> {
  return { ...(await adminDeps()), appUrl: getEnv().appUrl, uiLocales: await requestLocale() };
}
