// Fixtures made through a (local or real) Logto's Management API, shared by the vitest suites,
// the Playwright suite and the bench: the Management API client with the local Logto's fixed
// development credentials, users, and the local Logto's e-mail outbox. No test runner here.
import { randomBytes } from 'node:crypto';

import { z } from 'zod';

import { LOCAL_LOGTO_DEFAULTS } from '@/lib/env';
import { createManagementApi, type ManagementApiOptions } from '@/lib/logto/management-api';

export const TEST_PASSWORD = 'test-password-1';

export function managementApiFor(endpoint: string, overrides: Partial<ManagementApiOptions> = {}) {
  return createManagementApi({
    endpoint,
    appId: LOCAL_LOGTO_DEFAULTS.LOGTO_M2M_APP_ID,
    appSecret: LOCAL_LOGTO_DEFAULTS.LOGTO_M2M_APP_SECRET,
    resource: LOCAL_LOGTO_DEFAULTS.LOGTO_MANAGEMENT_API_RESOURCE,
    ...overrides,
  });
}

export type TestUser = { id: string; username: string; email: string; name: string };

/**
 * A user with a unique username, e-mail and name made from `label`, created as against a real
 * Logto. Without a password (the default for users that never sign in, which is cheaper) or
 * with one to sign in with.
 */
export async function createTestUser(endpoint: string, { label = 'user', password }: { label?: string; password?: string } = {}): Promise<TestUser> {
  const suffix = randomBytes(4).toString('hex');
  const username = `${label.replace(/[^A-Za-z0-9]/g, '_')}_${suffix}`;
  const email = `${username.toLowerCase()}@example.com`;
  const name = `${label} ${suffix}`;
  const { data } = await managementApiFor(endpoint).request('POST', '/users', {
    body: { username, primaryEmail: email, name, ...(password === undefined ? {} : { password }) },
    schema: z.object({ id: z.string() }),
  });
  return { id: data.id, username, email, name };
}

const outboxSchema = z.array(
  z.object({ id: z.string(), to: z.string(), subject: z.string(), link: z.string().nullable(), createdAt: z.number() }),
);

/** The local Logto's outbox, newest first. */
export async function readOutbox(endpoint: string) {
  const response = await fetch(`${endpoint}/outbox.json`);
  return outboxSchema.parse(await response.json());
}
