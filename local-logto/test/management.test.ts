import { describe, expect, it } from 'vitest';

import { DEMO_PASSWORD } from '../src/constants.js';
import { call, exchangeCode, expectStatus, m2mAuth, signIn, token, useInstance } from './helpers.js';

const { server, api } = useInstance();

async function count(sql: string, params: unknown[]): Promise<number> {
  const { rows } = await server().database.query<{ n: number }>(`select count(*)::int as n from ${sql}`, params);
  return rows[0]?.n ?? 0;
}

async function createUser(username: string, primaryEmail?: string): Promise<string> {
  const created = expectStatus(
    await api().request<{ id: string }>('POST', '/api/users', { username, primaryEmail, password: 'a-long-password' }),
    200,
  );
  return created.body.id;
}

async function createOrganization(name: string): Promise<string> {
  return expectStatus(await api().request<{ id: string }>('POST', '/api/organizations', { name }), 201).body.id;
}

async function organizationRoleId(name: string): Promise<string> {
  const roles = expectStatus(await api().request<{ id: string; name: string }[]>('GET', '/api/organization-roles'), 200);
  const role = roles.body.find((candidate) => candidate.name === name);
  if (!role) {
    throw new Error(`no role ${name}`);
  }
  return role.id;
}

describe('Management API authentication', () => {
  it('answers Logto 401 and 403 bodies', async () => {
    const url = `${server().endpoint}/api/organizations`;
    expect(await call(url)).toMatchObject({
      status: 401,
      body: { code: 'auth.authorization_header_missing', message: 'Authorization header is missing.' },
    });
    expect(await call(url, { headers: { authorization: 'Basic Zm9vOmJhcg==' } })).toMatchObject({
      status: 401,
      body: { code: 'auth.authorization_token_type_not_supported', data: { supportedTypes: ['Bearer'] } },
    });
    expect(await call(url, { headers: { authorization: 'Bearer not-a-jwt' } })).toMatchObject({
      status: 401,
      body: { code: 'auth.unauthorized', data: { code: 'ERR_JWS_INVALID', name: 'JWSInvalid' } },
    });

    const [header = '', payload = '', signature = ''] = api().token.split('.');
    const tampered = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    expect(await call(url, { headers: { authorization: `Bearer ${tampered}` } })).toMatchObject({
      status: 401,
      body: { data: { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' } },
    });
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url')}.${payload}.`;
    expect(await call(url, { headers: { authorization: `Bearer ${none}` } })).toMatchObject({
      status: 401,
      body: { data: { code: 'ERR_JOSE_NOT_SUPPORTED' } },
    });

    const withoutScope = await token(
      server().endpoint,
      { grant_type: 'client_credentials', resource: 'https://default.logto.app/api' },
      m2mAuth(),
    );
    expect(await call(url, { headers: { authorization: `Bearer ${withoutScope.body.access_token}` } })).toMatchObject({
      status: 403,
      body: { code: 'auth.forbidden', message: 'Forbidden. Please check your user roles and permissions.' },
    });
  });

  it('refuses an end-user organization token (wrong audience)', async () => {
    const organizationId = await createOrganization('Audience Org');
    const aliceId = (await api().request<{ id: string }[]>('GET', '/api/users?search=alice')).body[0]?.id ?? '';
    expectStatus(await api().request('POST', `/api/organizations/${organizationId}/users`, { userIds: [aliceId] }), 201);
    const result = await signIn(server().endpoint, { type: 'username', value: 'alice' }, DEMO_PASSWORD);
    const tokens = await exchangeCode(server().endpoint, result);
    const organizationToken = await token(server().endpoint, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
      organization_id: organizationId,
    });
    const response = await call(`${server().endpoint}/api/organizations`, {
      headers: { authorization: `Bearer ${organizationToken.body.access_token}` },
    });
    expect(response).toMatchObject({
      status: 401,
      body: { code: 'auth.unauthorized', data: { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'aud' } },
    });
  });
});

describe('pagination', () => {
  it('sends Total-Number and Link (without /api) even without page parameters, and rejects page=0', async () => {
    for (const name of ['Page A', 'Page B', 'Page C']) {
      await createOrganization(name);
    }
    const all = expectStatus(await api().request<unknown[]>('GET', '/api/organizations?q=page'), 200);
    expect(all.body).toHaveLength(3);
    expect(all.headers.get('total-number')).toBe('3');
    expect(all.headers.get('link')).toBe(
      `<${server().endpoint}/organizations?q=page&page=1>; rel="first", <${server().endpoint}/organizations?q=page&page=1>; rel="last"`,
    );

    const second = expectStatus(await api().request<unknown[]>('GET', '/api/organizations?q=PAGE&page=2&page_size=2'), 200);
    expect(second.body).toHaveLength(1);
    expect(second.headers.get('link')).toContain('rel="prev"');
    const beyond = expectStatus(await api().request<unknown[]>('GET', '/api/organizations?q=page&page=9&page_size=2'), 200);
    expect(beyond.body).toEqual([]);

    expect(await api().request('GET', '/api/organizations?page=0')).toMatchObject({
      status: 400,
      body: { code: 'guard.invalid_pagination' },
    });
  });
});

describe('transactions and cascades', () => {
  it("refuses ids longer than Logto's 21 characters with 422 entity.value_too_long, writing nothing", async () => {
    const organizationId = await createOrganization('Long Ids Org');
    const member = await createUser('long_ids_member');
    const tooLong = 'x'.repeat(22);
    const valueTooLong = { status: 422, body: { code: 'entity.value_too_long', message: 'The length of value is too long and exceeds the limit.' } };
    expect(await api().request('POST', `/api/organizations/${organizationId}/users`, { userIds: [member, tooLong] })).toMatchObject(valueTooLong);
    expect(await api().request('PUT', `/api/organizations/${organizationId}/users`, { userIds: [member, tooLong] })).toMatchObject(valueTooLong);
    expect(await count('organization_users where organization_id = $1', [organizationId])).toBe(0);

    expectStatus(await api().request('POST', `/api/organizations/${organizationId}/users`, { userIds: [member] }), 201);
    const bulk = await api().request('POST', `/api/organizations/${organizationId}/users/roles`, {
      userIds: [member],
      organizationRoleIds: [await organizationRoleId('viewer'), tooLong],
    });
    expect(bulk).toMatchObject(valueTooLong);
    expect(await count('organization_user_roles where organization_id = $1', [organizationId])).toBe(0);
  });

  it('assigns member roles all-or-nothing', async () => {
    const organizationId = await createOrganization('Atomic Org');
    const member = await createUser('atomic_member');
    const outsider = await createUser('atomic_outsider');
    expectStatus(await api().request('POST', `/api/organizations/${organizationId}/users`, { userIds: [member] }), 201);
    const viewer = await organizationRoleId('viewer');

    // The outsider is not a member: the whole bulk assignment fails, the member gets nothing.
    const bulk = await api().request('POST', `/api/organizations/${organizationId}/users/roles`, {
      userIds: [member, outsider],
      organizationRoleIds: [viewer],
    });
    expect(bulk).toMatchObject({ status: 422, body: { code: 'entity.relation_foreign_key_not_found' } });
    expect(await count('organization_user_roles where organization_id = $1', [organizationId])).toBe(0);

    // A replace that names an unknown role keeps the previous roles.
    expectStatus(
      await api().request('PUT', `/api/organizations/${organizationId}/users/${member}/roles`, { organizationRoleIds: [viewer] }),
      204,
    );
    const replace = await api().request('PUT', `/api/organizations/${organizationId}/users/${member}/roles`, {
      organizationRoleIds: ['no-such-role-id'],
    });
    expect(replace.status).toBe(422);
    const unknownName = await api().request('PUT', `/api/organizations/${organizationId}/users/${member}/roles`, {
      organizationRoleNames: ['member', 'ghost', 'phantom'],
    });
    expect(unknownName).toMatchObject({
      status: 422,
      body: {
        code: 'organization.role_names_not_found',
        message: 'Invalid role names detected: ghost and phantom. Please create these roles first before proceeding.',
      },
    });
    const roles = await api().request<{ name: string }[]>('GET', `/api/organizations/${organizationId}/users/${member}/roles`);
    expect(roles.body.map((role) => role.name)).toEqual(['viewer']);
  });

  it('deletes memberships, member roles and invitations with their organization, and memberships with their user', async () => {
    const organizationId = await createOrganization('Doomed Org');
    const member = await createUser('doomed_member', 'doomed@example.com');
    expectStatus(await api().request('POST', `/api/organizations/${organizationId}/users`, { userIds: [member] }), 201);
    expectStatus(
      await api().request('POST', `/api/organizations/${organizationId}/users/${member}/roles`, {
        organizationRoleNames: ['admin'],
      }),
      201,
    );
    expectStatus(
      await api().request('POST', '/api/organization-invitations', {
        invitee: 'someone@example.com',
        organizationId,
        expiresAt: Date.now() + 60_000,
        organizationRoleIds: [await organizationRoleId('member')],
      }),
      201,
    );

    expectStatus(await api().request('DELETE', `/api/organizations/${organizationId}`), 204);
    expect(await count('organization_users where organization_id = $1', [organizationId])).toBe(0);
    expect(await count('organization_user_roles where organization_id = $1', [organizationId])).toBe(0);
    expect(await count('organization_invitations where organization_id = $1', [organizationId])).toBe(0);
    expect(await count('organization_invitation_roles', [])).toBe(0);
    expect(await api().request('GET', `/api/organizations/${organizationId}`)).toMatchObject({
      status: 404,
      body: { code: 'entity.not_exists_with_id', message: `The organizations with ID \`${organizationId}\` does not exist.` },
    });

    const other = await createOrganization('Survivor Org');
    expectStatus(await api().request('POST', `/api/organizations/${other}/users`, { userIds: [member] }), 201);
    expectStatus(await api().request('DELETE', `/api/users/${member}`), 204);
    expect(await count('organization_users where user_id = $1', [member])).toBe(0);
    expect(await count('users_roles where user_id = $1', [member])).toBe(0);
  });
});

describe('invitations and the outbox', () => {
  it('accepts an invitation into membership and roles in one step; final states never change', async () => {
    const organizationId = await createOrganization('Inviting Org');
    const invitee = await createUser('invitee_user', 'Invitee@Example.com');
    const stranger = await createUser('stranger_user', 'stranger@example.com');
    const member = await organizationRoleId('member');
    const created = expectStatus(
      await api().request<{ id: string; status: string }>('POST', '/api/organization-invitations', {
        invitee: 'invitee@example.com',
        organizationId,
        expiresAt: Date.now() + 3_600_000,
        organizationRoleIds: [member],
      }),
      201,
    );
    expect(created.body.status).toBe('Pending');
    const id = created.body.id;

    expect(
      await api().request('POST', '/api/organization-invitations', {
        invitee: 'INVITEE@example.com',
        organizationId,
        expiresAt: Date.now() + 3_600_000,
      }),
    ).toMatchObject({ status: 422, body: { code: 'entity.unique_integrity_violation' } });

    expect(await api().request('PUT', `/api/organization-invitations/${id}/status`, { status: 'Accepted', acceptedUserId: stranger })).toMatchObject({
      status: 422,
      body: { code: 'request.invalid_input', message: 'Input is invalid. The accepted user must have the same email as the invitee.' },
    });
    expect(await api().request('PUT', `/api/organization-invitations/${id}/status`, { status: 'Accepted', acceptedUserId: 'x'.repeat(22) })).toMatchObject({
      status: 400,
      body: { code: 'guard.invalid_input', message: 'The request body is invalid.' },
    });

    const accepted = expectStatus(
      await api().request<{ status: string; acceptedUserId: string }>('PUT', `/api/organization-invitations/${id}/status`, {
        status: 'Accepted',
        acceptedUserId: invitee,
      }),
      200,
    );
    expect(accepted.body).toMatchObject({ status: 'Accepted', acceptedUserId: invitee });
    const roles = await api().request<{ name: string }[]>('GET', `/api/organizations/${organizationId}/users/${invitee}/roles`);
    expect(roles.body.map((role) => role.name)).toEqual(['member']);

    expect(await api().request('PUT', `/api/organization-invitations/${id}/status`, { status: 'Revoked' })).toMatchObject({
      status: 422,
      body: { message: 'Input is invalid. The status of the invitation cannot be changed anymore.' },
    });
    expect(
      await api().request('POST', '/api/organization-invitations', {
        invitee: 'invitee@example.com',
        organizationId,
        expiresAt: Date.now() + 3_600_000,
      }),
    ).toMatchObject({ status: 422, body: { message: 'Input is invalid. The invitee is already a member of the organization.' } });
  });

  it('reads past-expiry invitations as Expired and refuses to change them', async () => {
    const organizationId = await createOrganization('Expiring Org');
    const created = expectStatus(
      await api().request<{ id: string }>('POST', '/api/organization-invitations', {
        invitee: 'late@example.com',
        organizationId,
        expiresAt: Date.now() + 60_000,
      }),
      201,
    );
    await server().database.query('update organization_invitations set expires_at = $2 where id = $1', [
      created.body.id,
      Date.now() - 1000,
    ]);
    const read = await api().request<{ status: string }>('GET', `/api/organization-invitations/${created.body.id}`);
    expect(read.body.status).toBe('Expired');
    expect((await api().request('PUT', `/api/organization-invitations/${created.body.id}/status`, { status: 'Revoked' })).status).toBe(422);
    // An expired invitation no longer blocks a new one.
    expect(
      (
        await api().request('POST', '/api/organization-invitations', {
          invitee: 'late@example.com',
          organizationId,
          expiresAt: Date.now() + 60_000,
        })
      ).status,
    ).toBe(201);
    expect(
      await api().request('POST', '/api/organization-invitations', {
        invitee: 'past@example.com',
        organizationId,
        expiresAt: Date.now() - 1,
      }),
    ).toMatchObject({
      status: 400,
      body: { code: 'request.invalid_input', message: 'Input is invalid. The value of `expiresAt` must be in the future.' },
    });
  });

  it('writes invitation e-mails with a messagePayload to the outbox, newest first', async () => {
    const organizationId = await createOrganization('Mailing Org');
    const invitation = expectStatus(
      await api().request<{ id: string }>('POST', '/api/organization-invitations', {
        invitee: 'mailed@example.com',
        organizationId,
        expiresAt: Date.now() + 60_000,
        messagePayload: { link: 'http://localhost:3000/invitations/abc' },
      }),
      201,
    );
    expectStatus(
      await api().request('POST', `/api/organization-invitations/${invitation.body.id}/message`, {
        link: 'http://localhost:3000/invitations/again',
      }),
      204,
    );

    const outbox = await call<{ id: string; to: string; subject: string; link: string; payload: unknown; createdAt: number }[]>(
      `${server().endpoint}/outbox.json`,
    );
    expect(outbox.status).toBe(200);
    const [newest, previous] = outbox.body;
    expect(newest).toMatchObject({
      to: 'mailed@example.com',
      subject: 'You are invited to join Mailing Org',
      link: 'http://localhost:3000/invitations/again',
      payload: { link: 'http://localhost:3000/invitations/again' },
    });
    expect(previous?.link).toBe('http://localhost:3000/invitations/abc');
    expect(typeof newest?.id).toBe('string');
    expect(newest?.createdAt).toBeGreaterThan(1_600_000_000_000);

    const page = await call(`${server().endpoint}/outbox`);
    expect(page.text).toContain('<a href="http://localhost:3000/invitations/again">');
    expect(page.text).toContain('Local development server');

    // Without a payload, nothing is sent.
    await api().request('POST', '/api/organization-invitations', {
      invitee: 'quiet@example.com',
      organizationId,
      expiresAt: Date.now() + 60_000,
    });
    const after = await call<unknown[]>(`${server().endpoint}/outbox.json`);
    expect(after.body).toHaveLength(outbox.body.length);
  });
});

describe('users, roles and applications', () => {
  it('never returns password material and gives new users the default role', async () => {
    const created = expectStatus(
      await api().request<Record<string, unknown>>('POST', '/api/users', { username: 'hashed_user', password: 'secret-password' }),
      200,
    );
    expect(created.body.hasPassword).toBe(true);
    expect(JSON.stringify(created.body)).not.toContain('scrypt');
    const { rows } = await server().database.query<{ password_hash: string }>('select password_hash from users where id = $1', [
      created.body.id,
    ]);
    expect(rows[0]?.password_hash).toMatch(/^scrypt\$/);
    expect(rows[0]?.password_hash).not.toContain('secret-password');

    const roles = await api().request<{ name: string }[]>('GET', `/api/users/${String(created.body.id)}/roles`);
    expect(roles.body.map((role) => role.name)).toEqual(['user']);
  });

  it('searches users with ILIKE semantics', async () => {
    const exact = await api().request<{ username: string }[]>('GET', '/api/users?search=ALICE');
    expect(exact.body.map((user) => user.username)).toEqual(['alice']);
    expect((await api().request<unknown[]>('GET', '/api/users?search=ali')).body).toEqual([]);
    const wildcard = await api().request<{ username: string }[]>('GET', `/api/users?search=${encodeURIComponent('%ali%')}`);
    expect(wildcard.body.map((user) => user.username)).toContain('alice');
  });

  it('updates the web app redirect URIs, which the OIDC endpoints use at once', async () => {
    const updated = expectStatus(
      await api().request<{ oidcClientMetadata: { redirectUris: string[] } }>('PATCH', '/api/applications/local-web-app', {
        oidcClientMetadata: {
          redirectUris: ['http://localhost:3000/callback', 'http://localhost:4000/callback'],
          postLogoutRedirectUris: ['http://localhost:3000/'],
        },
      }),
      200,
    );
    expect(updated.body.oidcClientMetadata.redirectUris).toContain('http://localhost:4000/callback');
    const result = await signIn(server().endpoint, { type: 'username', value: 'carol' }, DEMO_PASSWORD, {
      redirectUri: 'http://localhost:4000/callback',
    });
    expect(result.callback.origin).toBe('http://localhost:4000');

    expect(
      await api().request('PATCH', '/api/applications/local-web-app', {
        oidcClientMetadata: { redirectUris: ['http://localhost:3000/callback'] },
      }),
    ).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
  });
});
