import { beforeAll, describe, expect, it } from 'vitest';

import { DEMO_PASSWORD, WEB_APP_ID } from '../src/constants.js';
import {
  call,
  decodeJwt,
  decodeProtectedHeader,
  exchangeCode,
  expectStatus,
  signIn,
  token,
  type TokenResponse,
  useInstance,
  verifyJwt,
} from './helpers.js';
import { ageRefreshToken } from './internal.js';

const ORGANIZATION_SCOPES =
  'openid offline_access profile urn:logto:scope:organizations urn:logto:scope:organization_roles';
const PROJECT_SCOPES = 'read:projects write:projects manage:members delete:organization';

let roleIds: Map<string, string>;
let userIds: Map<string, string>;

const { server, api } = useInstance();

beforeAll(async () => {
  const roles = expectStatus(await api().request<{ id: string; name: string }[]>('GET', '/api/organization-roles'), 200);
  roleIds = new Map(roles.body.map((role) => [role.name, role.id]));
  const users = expectStatus(await api().request<{ id: string; username: string }[]>('GET', '/api/users'), 200);
  userIds = new Map(users.body.map((user) => [user.username, user.id]));
});

function roleId(name: string): string {
  const id = roleIds.get(name);
  if (!id) {
    throw new Error(`no organization role ${name}`);
  }
  return id;
}

function userId(username: string): string {
  const id = userIds.get(username);
  if (!id) {
    throw new Error(`no user ${username}`);
  }
  return id;
}

async function createOrganization(name: string, members: Record<string, string[]> = {}): Promise<string> {
  const created = expectStatus(await api().request<{ id: string }>('POST', '/api/organizations', { name }), 201);
  const organizationId = created.body.id;
  for (const [username, roles] of Object.entries(members)) {
    expectStatus(await api().request('POST', `/api/organizations/${organizationId}/users`, { userIds: [userId(username)] }), 201);
    if (roles.length > 0) {
      expectStatus(
        await api().request('PUT', `/api/organizations/${organizationId}/users/${userId(username)}/roles`, {
          organizationRoleNames: roles,
        }),
        204,
      );
    }
  }
  return organizationId;
}

async function signInWithOrganizations(username: string, withProjectScopes = true): Promise<TokenResponse> {
  const result = await signIn(server().endpoint, { type: 'username', value: username }, DEMO_PASSWORD, {
    scope: withProjectScopes ? `${ORGANIZATION_SCOPES} ${PROJECT_SCOPES}` : ORGANIZATION_SCOPES,
    resources: withProjectScopes ? ['urn:logto:resource:organizations'] : [],
  });
  return exchangeCode(server().endpoint, result);
}

function organizationToken(refreshToken: string, organizationId: string, extra: Record<string, string> = {}) {
  return token(server().endpoint, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    organization_id: organizationId,
    ...extra,
  });
}

describe('organization tokens', () => {
  it('issues an ES384 at+jwt for the organization with the member role scopes that were requested', async () => {
    const organizationId = await createOrganization('Token Org', { alice: ['admin'], bob: ['member'] });
    const alice = await signInWithOrganizations('alice');

    const response = await organizationToken(alice.refresh_token ?? '', organizationId);
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual([
      'access_token',
      'expires_in',
      'id_token',
      'refresh_token',
      'scope',
      'token_type',
    ]);
    expect(response.body.expires_in).toBe(3600);
    // Not rotated: the same refresh token comes back.
    expect(response.body.refresh_token).toBe(alice.refresh_token);
    // admin has every requested scope but delete:organization.
    expect(response.body.scope?.split(' ').sort()).toEqual(['manage:members', 'read:projects', 'write:projects']);

    expect(decodeProtectedHeader(response.body.access_token)).toMatchObject({ alg: 'ES384', typ: 'at+jwt' });
    const audience = `urn:logto:organization:${organizationId}`;
    const claims = await verifyJwt(server().endpoint, response.body.access_token, audience);
    expect(claims).toMatchObject({ sub: userId('alice'), client_id: WEB_APP_ID, aud: audience, scope: response.body.scope });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);

    const idToken = await verifyJwt(server().endpoint, response.body.id_token ?? '', WEB_APP_ID);
    expect(idToken.organizations).toContain(organizationId);
    expect(idToken.organization_roles).toContain(`${organizationId}:admin`);

    const bob = await signInWithOrganizations('bob');
    const bobToken = await organizationToken(bob.refresh_token ?? '', organizationId);
    // Scope order carries no meaning (Logto's own order follows its ids), so compare as a set.
    expect(bobToken.body.scope?.split(' ').sort()).toEqual(['read:projects', 'write:projects']);
  });

  it('narrows with scope, refuses unrequested scopes and a resource next to organization_id', async () => {
    const organizationId = await createOrganization('Narrow Org', { carol: ['owner'] });
    const carol = await signInWithOrganizations('carol');

    const narrowed = await organizationToken(carol.refresh_token ?? '', organizationId, { scope: 'read:projects' });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.scope).toBe('read:projects');
    expect(narrowed.body.id_token).toBeUndefined();

    const unrequested = await organizationToken(carol.refresh_token ?? '', organizationId, { scope: 'invite:members' });
    expect(unrequested).toMatchObject({
      status: 400,
      body: {
        code: 'oidc.invalid_scope',
        error: 'invalid_scope',
        error_description: 'refresh token missing requested scope',
        scope: 'invite:members',
      },
    });

    const withResource = await organizationToken(carol.refresh_token ?? '', organizationId, {
      resource: 'https://default.logto.app/api',
    });
    expect(withResource).toMatchObject({ status: 400, body: { code: 'oidc.invalid_target', error: 'invalid_target' } });
  });

  it('gives an empty scope when the sign-in did not request the organizations resource', async () => {
    const organizationId = await createOrganization('Empty Scope Org', { alice: ['owner'] });
    const alice = await signInWithOrganizations('alice', false);
    const response = await organizationToken(alice.refresh_token ?? '', organizationId);
    expect(response.status).toBe(200);
    expect(response.body.scope).toBe('');
    expect(decodeJwt(response.body.access_token).scope).toBe('');
  });

  it('answers 403 exactly like Logto for non-members, unknown organizations and MFA-required organizations', async () => {
    const organizationId = await createOrganization('Closed Org', { bob: ['viewer'] });
    const alice = await signInWithOrganizations('alice');
    const expected = {
      code: 'oidc.access_denied',
      message: 'Access denied.',
      error: 'access_denied',
      error_description: 'user is not a member of the organization',
    };
    expect(await organizationToken(alice.refresh_token ?? '', organizationId)).toMatchObject({ status: 403, body: expected });
    expect(await organizationToken(alice.refresh_token ?? '', 'no-such-org')).toMatchObject({ status: 403, body: expected });

    const bob = await signInWithOrganizations('bob');
    expectStatus(await api().request('PATCH', `/api/organizations/${organizationId}`, { isMfaRequired: true }), 200);
    expect(await organizationToken(bob.refresh_token ?? '', organizationId)).toMatchObject({
      status: 403,
      body: { error: 'access_denied', error_description: 'organization requires MFA but user has no MFA configured' },
    });
    // Plain refresh is unaffected.
    expect((await token(server().endpoint, { grant_type: 'refresh_token', refresh_token: bob.refresh_token ?? '' })).status).toBe(200);
    expectStatus(await api().request('PATCH', `/api/organizations/${organizationId}`, { isMfaRequired: false }), 200);
    expect((await organizationToken(bob.refresh_token ?? '', organizationId)).body.scope).toBe('read:projects');
  });

  it('reflects role changes at the next refresh, and refuses a removed member while a plain refresh still works', async () => {
    const organizationId = await createOrganization('Changing Org', { bob: ['viewer'] });
    const bob = await signInWithOrganizations('bob');
    const refresh = bob.refresh_token ?? '';

    expect((await organizationToken(refresh, organizationId)).body.scope).toBe('read:projects');
    expectStatus(
      await api().request('PUT', `/api/organizations/${organizationId}/users/${userId('bob')}/roles`, {
        organizationRoleIds: [roleId('admin')],
      }),
      204,
    );
    expect((await organizationToken(refresh, organizationId)).body.scope?.split(' ').sort()).toEqual([
      'manage:members',
      'read:projects',
      'write:projects',
    ]);

    const userinfo = await call<{ organization_data: unknown[]; organization_roles: string[] }>(
      `${server().endpoint}/oidc/me`,
      { headers: { authorization: `Bearer ${bob.access_token}` } },
    );
    expect(userinfo.body.organization_data).toContainEqual({ id: organizationId, name: 'Changing Org', description: null });
    expect(userinfo.body.organization_roles).toContain(`${organizationId}:admin`);

    expectStatus(await api().request('DELETE', `/api/organizations/${organizationId}/users/${userId('bob')}`), 204);
    expect((await organizationToken(refresh, organizationId)).status).toBe(403);
    const plain = await token(server().endpoint, { grant_type: 'refresh_token', refresh_token: refresh });
    expect(plain.status).toBe(200);
    const idToken = await verifyJwt(server().endpoint, plain.body.id_token ?? '', WEB_APP_ID);
    expect(idToken.organizations).not.toContain(organizationId);
  });

  it('never rotates (spends) the refresh token on a refused organization token request', async () => {
    const organizationId = await createOrganization('Pitfall Org');
    const alice = await signInWithOrganizations('alice');
    const refresh = alice.refresh_token ?? '';
    // Past 70% of its lifetime, any successful use would rotate it.
    await ageRefreshToken(server().database, refresh);

    expect((await organizationToken(refresh, organizationId)).status).toBe(403);
    const { rows } = await server().database.query<{ consumed_at: Date | null }>(
      `select consumed_at from oidc_payloads where model = 'RefreshToken' and id = $1`,
      [refresh],
    );
    expect(rows[0]?.consumed_at).toBeNull();

    // The client's token still works; this successful use rotates it as expected.
    const plain = await token(server().endpoint, { grant_type: 'refresh_token', refresh_token: refresh });
    expect(plain.status).toBe(200);
    expect(plain.body.refresh_token).not.toBe(refresh);
  });

  it('rotates an aged refresh token on a successful organization token request and detects its reuse', async () => {
    const organizationId = await createOrganization('Rotation Org', { carol: ['member'] });
    const carol = await signInWithOrganizations('carol');
    const refresh = carol.refresh_token ?? '';
    await ageRefreshToken(server().database, refresh);

    const first = await organizationToken(refresh, organizationId);
    expect(first.status).toBe(200);
    const next = first.body.refresh_token ?? '';
    expect(next).not.toBe(refresh);

    const reused = await organizationToken(refresh, organizationId);
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await organizationToken(next, organizationId)).status).toBe(400);
  });

  it('signs a suspended user out as Logto does: their refresh token stays dead after reinstatement', async () => {
    const created = expectStatus(
      await api().request<{ id: string }>('POST', '/api/users', { username: 'suspended_user', password: DEMO_PASSWORD }),
      200,
    );
    const organizationId = await createOrganization('Suspension Org');
    expectStatus(await api().request('POST', `/api/organizations/${organizationId}/users`, { userIds: [created.body.id] }), 201);
    const signedIn = await signInWithOrganizations('suspended_user');
    const refresh = signedIn.refresh_token ?? '';
    expect((await organizationToken(refresh, organizationId)).status).toBe(200);

    const suspended = await api().request<{ isSuspended: boolean }>('PATCH', `/api/users/${created.body.id}/is-suspended`, { isSuspended: true });
    expect(expectStatus(suspended, 200).body.isSuspended).toBe(true);
    expect(await organizationToken(refresh, organizationId)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const userinfo = await call(`${server().endpoint}/oidc/me`, { headers: { authorization: `Bearer ${signedIn.access_token}` } });
    expect(userinfo.status).toBe(401);

    // Revoked, not only refused while suspended.
    expectStatus(await api().request('PATCH', `/api/users/${created.body.id}/is-suspended`, { isSuspended: false }), 200);
    expect(await organizationToken(refresh, organizationId)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});
