// Test fixtures made through the public Management API of the Logto the e2e app uses.
import { createTestUser, managementApiFor, TEST_PASSWORD, type TestUser } from '../../tests/support/logto-admin';
import { signInClient } from '../../tests/support/tokens';

export const PASSWORD = TEST_PASSWORD;

export function logtoEndpoint() {
  const endpoint = process.env.E2E_LOGTO_ENDPOINT;
  if (!endpoint) throw new Error('E2E_LOGTO_ENDPOINT is set by the global setup (e2e/support/servers.ts)');
  return endpoint;
}

export function managementApi() {
  return managementApiFor(logtoEndpoint());
}

export type { TestUser };

/** A user who signs in with `PASSWORD`. */
export function createUser(prefix = 'user'): Promise<TestUser> {
  return createTestUser(logtoEndpoint(), { label: prefix, password: PASSWORD });
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
