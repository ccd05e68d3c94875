import 'server-only';

import { getDb } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { sessionStore } from '@/lib/logto/config';
import { getManagementApi } from '@/lib/logto/management-api-client';

import type { InvitationDeps } from './invitations/invitation';
import type { AdminDeps } from './use-case';

// The real dependencies of the organization use cases, for the server actions (tests pass
// the local Logto's).

export async function adminDeps(): Promise<AdminDeps> {
  return { api: getManagementApi(), db: await getDb(), tokens: sessionStore };
}

export async function invitationDeps(): Promise<InvitationDeps> {
  return { ...(await adminDeps()), appUrl: getEnv().appUrl };
}
