import LogtoClient, { UserScope } from '@logto/node';
import { describe, expect, it } from 'vitest';

import { APP_API_INDICATOR, DEMO_PASSWORD, WEB_APP_ID, WEB_APP_SECRET } from '../src/constants.js';
import { decodeJwt, expectStatus, managementClient, REDIRECT_URI, signInAt, useServer } from './helpers.js';

const server = useServer();

/** The Logto Node SDK (what @logto/next wraps), with an in-memory session and a captured redirect. */
function createSdkClient(): { client: LogtoClient; redirects: string[] } {
  const session = new Map<string, string>();
  const redirects: string[] = [];
  const client = new LogtoClient(
    {
      endpoint: server().endpoint,
      appId: WEB_APP_ID,
      appSecret: WEB_APP_SECRET,
      scopes: [UserScope.Email, UserScope.Organizations, UserScope.OrganizationRoles, 'read:projects', 'create:organizations'],
      resources: [APP_API_INDICATOR],
    },
    {
      navigate: (url) => {
        redirects.push(url);
      },
      storage: {
        getItem: async (key) => session.get(key) ?? null,
        setItem: async (key, value) => {
          session.set(key, value);
        },
        removeItem: async (key) => {
          session.delete(key);
        },
      },
    },
  );
  return { client, redirects };
}

describe('the official Logto SDK against the local server', () => {
  it('signs in, reads claims, and gets resource and organization tokens', async () => {
    const api = await managementClient(server().endpoint);
    const users = await api.request<{ id: string }[]>('GET', '/api/users?search=alice');
    const aliceId = users.body[0]?.id ?? '';
    const organization = expectStatus(await api.request<{ id: string }>('POST', '/api/organizations', { name: 'SDK Org' }), 201);
    expectStatus(await api.request('POST', `/api/organizations/${organization.body.id}/users`, { userIds: [aliceId] }), 201);
    expectStatus(
      await api.request('PUT', `/api/organizations/${organization.body.id}/users/${aliceId}/roles`, {
        organizationRoleNames: ['member'],
      }),
      204,
    );

    const { client, redirects } = createSdkClient();
    await client.signIn(REDIRECT_URI);
    const authorizationUrl = redirects.at(-1) ?? '';
    expect(authorizationUrl.startsWith(`${server().endpoint}/oidc/auth?`)).toBe(true);

    const result = await signInAt(server().endpoint, authorizationUrl, { type: 'username', value: 'alice' }, DEMO_PASSWORD);
    await client.handleSignInCallback(result.callback.href);
    expect(await client.isAuthenticated()).toBe(true);

    const claims = await client.getIdTokenClaims();
    expect(claims).toMatchObject({ sub: aliceId, username: 'alice', email: 'alice@example.com' });
    expect(claims.organizations).toEqual([organization.body.id]);
    expect(claims.organization_roles).toEqual([`${organization.body.id}:member`]);

    const userInfo = await client.fetchUserInfo();
    expect(userInfo.organization_data).toEqual([{ id: organization.body.id, name: 'SDK Org', description: null }]);

    const apiToken = await client.getAccessToken(APP_API_INDICATOR);
    expect(decodeJwt(apiToken)).toMatchObject({ aud: APP_API_INDICATOR, scope: 'create:organizations' });

    const organizationToken = await client.getOrganizationToken(organization.body.id);
    expect(decodeJwt(organizationToken)).toMatchObject({
      aud: `urn:logto:organization:${organization.body.id}`,
      scope: 'read:projects',
      sub: aliceId,
    });

    await client.signOut('http://localhost:3000/');
    const endSession = new URL(redirects.at(-1) ?? '');
    expect(endSession.origin + endSession.pathname).toBe(`${server().endpoint}/oidc/session/end`);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe('http://localhost:3000/');
    expect(await client.isAuthenticated()).toBe(false);
  });
});
