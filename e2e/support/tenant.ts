// Test fixtures made through the public Management API of the Logto the e2e app uses.
import { randomBytes } from 'node:crypto';

import { z } from 'zod';

import { LOCAL_LOGTO_DEFAULTS } from '../../lib/env';
import { createManagementApi } from '../../lib/logto/management-api';
import { signInClient } from '../../tests/support/tokens';

export const PASSWORD = 'test-password-1';

export function logtoEndpoint() {
  const endpoint = process.env.E2E_LOGTO_ENDPOINT;
  if (!endpoint) throw new Error('E2E_LOGTO_ENDPOINT is set by playwright.config.ts');
  return endpoint;
}

export function managementApi() {
  return createManagementApi({
    endpoint: logtoEndpoint(),
    appId: LOCAL_LOGTO_DEFAULTS.LOGTO_M2M_APP_ID,
    appSecret: LOCAL_LOGTO_DEFAULTS.LOGTO_M2M_APP_SECRET,
    resource: LOCAL_LOGTO_DEFAULTS.LOGTO_MANAGEMENT_API_RESOURCE,
  });
}

export type TestUser = { id: string; username: string; email: string };

export async function createUser(prefix = 'user'): Promise<TestUser> {
  const username = `${prefix}_${randomBytes(4).toString('hex')}`;
  const email = `${username}@example.com`;
  const { data } = await managementApi().request('POST', '/users', {
    body: { username, primaryEmail: email, password: PASSWORD, name: username },
    schema: z.object({ id: z.string() }),
  });
  return { id: data.id, username, email };
}

/** An organization with the given members and roles, made directly through the Management API. */
export async function createOrganizationWith(name: string, members: [TestUser, string][]) {
  const api = managementApi();
  const organization = await api.organizations.create({ name });
  for (const [user, role] of members) {
    await api.organizations.addUsers(organization.id, [user.id]);
    await api.organizations.addUserRolesByName(organization.id, user.id, [role]);
  }
  return organization;
}

/** An API client's organization token for `user`, obtained as a CLI or mobile app would. */
export async function organizationTokenFor(user: TestUser, organizationId: string) {
  const appUrl = process.env.E2E_APP_URL ?? '';
  const client = await signInClient({ endpoint: logtoEndpoint(), identifier: user.username, password: PASSWORD, redirectUri: `${appUrl}/callback` });
  return client.organizationToken(organizationId);
}
