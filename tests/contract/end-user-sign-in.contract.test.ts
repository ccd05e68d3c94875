// End-user sign-in (authorization code + PKCE through the Experience API), the ID token's and
// userinfo's organization claims, and how fast they follow membership changes
// (reference samples 70, 72, 75, 77, 79).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { expectExactJson, expectJson } from './support/assertions';
import { contractContext, decodeJwtParts, scopeSet } from './support/context';
import { Fixtures, type OrganizationTemplateFixture, type TestUser } from './support/fixtures';
import {
  idTokenClaimsSchema,
  tokenResponseSchema,
  userInfoSchema,
  type Organization,
} from './support/logto-schemas';
import { contractUsername, strongPassword } from './support/random';
import {
  DEFAULT_SIGN_IN_SCOPES,
  registerWithPassword,
  requestRefreshTokenGrant,
  requestUserInfo,
  signInWithPassword,
  startSignInInteraction,
  TokenSession,
  type SignInResult,
} from './support/sign-in';

const { target, api, webApp, verifyJwt } = contractContext();
const fixtures = new Fixtures(api);
afterAll(() => fixtures.cleanup());

let template: OrganizationTemplateFixture;
let alice: TestUser;
let acme: Organization;
let globex: Organization;
let result: SignInResult;

beforeAll(async () => {
  template = await fixtures.createOrganizationTemplate();
  alice = await fixtures.createUser({ name: 'Alice Test' });
  acme = await fixtures.createOrganization({ description: 'Acme test org' });
  globex = await fixtures.createOrganization();
  await fixtures.addMembers(acme.id, [alice.id]);
  await fixtures.addMembers(globex.id, [alice.id]);
  await fixtures.assignOrganizationRoles(acme.id, [alice.id], [template.roles.admin.id]);
  await fixtures.assignOrganizationRoles(globex.id, [alice.id], [template.roles.member.id]);
  result = await signInWithPassword({
    ...webApp,
    identifier: { type: 'username', value: alice.username },
    password: alice.password,
    scopes: [template.scopes.read.name],
  });
});

const stepStatus = (method: string, path: string) =>
  result.steps.find((step) => step.method === method && step.path === path)?.status;

describe('sign-in with username and password', () => {
  it('drives the Experience API with Logto\'s statuses', () => {
    expect(stepStatus('PUT', '/api/experience')).toBe(204);
    expect(stepStatus('POST', '/api/experience/verification/password')).toBe(200);
    expect(stepStatus('POST', '/api/experience/identification')).toBe(204);
    expect(stepStatus('POST', '/api/experience/submit')).toBe(200);
    expect(stepStatus('POST', '/oidc/token')).toBe(200);
    expect(result.steps[0]?.path.startsWith('/oidc/auth?')).toBe(true);
    expect(result.steps[0]?.status).toBe(303);
  });

  it('the callback carries code, state and iss', () => {
    expect(result.callbackUrl.searchParams.get('code')).toBeTruthy();
    expect(result.callbackUrl.searchParams.get('state')).toBeTruthy();
    expect(result.callbackUrl.searchParams.get('iss')).toBe(target.issuer);
  });

  it('the token response: Bearer, 3600 s, the OIDC scopes, an opaque access token', () => {
    const body = tokenResponseSchema.parse(result.tokenResponse);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(scopeSet(body.scope)).toEqual([...DEFAULT_SIGN_IN_SCOPES].sort());
    expect(result.accessToken.split('.')).not.toHaveLength(3);
    expect(result.refreshToken.split('.')).not.toHaveLength(3);
  });

  it('the ID token: ES384 JWT with profile and organization claims', async () => {
    const { header } = decodeJwtParts(result.idToken);
    expect(header).toMatchObject({ alg: 'ES384', typ: 'JWT' });
    const claims = idTokenClaimsSchema.parse(await verifyJwt(result.idToken, { audience: target.appId, typ: 'JWT' }));
    expect(claims).toMatchObject({
      sub: alice.id,
      name: 'Alice Test',
      picture: null,
      username: alice.username,
      created_at: alice.user.createdAt,
      aud: target.appId,
      iss: target.issuer,
    });
    expect(claims.updated_at).toBeGreaterThanOrEqual(alice.user.updatedAt);
    expect(claims.at_hash).toEqual(expect.any(String));
    expect(claims.exp).toBeGreaterThan(claims.iat);
    expect([...(claims.organizations ?? [])].sort()).toEqual([acme.id, globex.id].sort());
    expect([...(claims.organization_roles ?? [])].sort()).toEqual(
      [`${acme.id}:${template.roles.admin.name}`, `${globex.id}:${template.roles.member.name}`].sort(),
    );
  });

  it('userinfo (/oidc/me) adds organization_data', async () => {
    const response = await requestUserInfo(target.endpoint, result.accessToken);
    const info = expectJson(response, 200, userInfoSchema);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(info).toMatchObject({
      sub: alice.id,
      name: 'Alice Test',
      picture: null,
      username: alice.username,
      created_at: alice.user.createdAt,
    });
    expect([...info.organizations].sort()).toEqual([acme.id, globex.id].sort());
    expect([...info.organization_roles].sort()).toEqual(
      [`${acme.id}:${template.roles.admin.name}`, `${globex.id}:${template.roles.member.name}`].sort(),
    );
    const data = [...info.organization_data].sort((a, b) => a.id.localeCompare(b.id));
    expect(data).toEqual(
      [
        { id: acme.id, name: acme.name, description: 'Acme test org' },
        { id: globex.id, name: globex.name, description: null },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  it('userinfo with an invalid token: 401 invalid_token with WWW-Authenticate: Bearer', async () => {
    const response = await requestUserInfo(target.endpoint, 'contract-not-a-token');
    expectExactJson(response, 401, {
      code: 'oidc.invalid_token',
      message: 'Invalid token provided.',
      error: 'invalid_token',
      error_description: 'invalid token provided',
    });
    expect(response.headers.get('www-authenticate') ?? '').toMatch(/^Bearer realm=".*", error="invalid_token"/);
  });

  it('a plain refresh returns new tokens with the same claims', async () => {
    const session = new TokenSession(webApp, result.refreshToken);
    const response = await session.refresh();
    const body = expectJson(response, 200, tokenResponseSchema);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(scopeSet(body.scope)).toEqual([...DEFAULT_SIGN_IN_SCOPES].sort());
    // Logto does not rotate a fresh refresh token of a web app.
    expect(body.refresh_token).toBe(result.refreshToken);
    const claims = idTokenClaimsSchema.parse(decodeJwtParts(body.id_token ?? '').claims);
    expect(claims.sub).toBe(alice.id);
    expect([...(claims.organizations ?? [])].sort()).toEqual([acme.id, globex.id].sort());
  });

  it('a wrong client secret at the token endpoint: 401 invalid_client', async () => {
    const response = await requestRefreshTokenGrant(
      { ...webApp, appSecret: `${webApp.appSecret}-wrong` },
      result.refreshToken,
    );
    expect(response.status).toBe(401);
    expect(response.json).toMatchObject({ code: 'oidc.invalid_client', error: 'invalid_client' });
  });
});

describe('the authorization code', () => {
  async function signedInCallback(user: TestUser) {
    const interaction = await startSignInInteraction(webApp);
    expect((await interaction.experience('PUT', '', { interactionEvent: 'SignIn' })).status).toBe(204);
    const verification = await interaction.experience('POST', '/verification/password', {
      identifier: { type: 'username', value: user.username },
      password: user.password,
    });
    expect((await interaction.experience('POST', '/identification', verification.json)).status).toBe(204);
    const submit = expectJson(await interaction.experience('POST', '/submit'), 200, z.object({ redirectTo: z.string() }));
    return { interaction, callbackUrl: await interaction.finish(submit.redirectTo) };
  }

  it('exchanges once: 200 with exactly Logto\'s token response fields; a replay is 400 invalid_grant', async () => {
    const { interaction, callbackUrl } = await signedInCallback(alice);
    const response = await interaction.requestCodeExchange(callbackUrl);
    const body = expectJson(response, 200, tokenResponseSchema);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(body).sort()).toEqual(
      ['access_token', 'expires_in', 'id_token', 'refresh_token', 'scope', 'token_type'].sort(),
    );

    const replay = await interaction.requestCodeExchange(callbackUrl);
    expect(replay.status).toBe(400);
    expect(replay.json).toMatchObject({ code: 'oidc.invalid_grant', error: 'invalid_grant' });
  });

  it('a wrong code_verifier: 400 invalid_grant', async () => {
    const { interaction, callbackUrl } = await signedInCallback(alice);
    const response = await interaction.requestCodeExchange(callbackUrl, {
      codeVerifier: 'contract-wrong-verifier-contract-wrong-verifier-0123',
    });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ code: 'oidc.invalid_grant', error: 'invalid_grant' });
  });
});

describe('organization claims follow membership at once', () => {
  it('a new membership shows in userinfo, the next refresh and organization tokens; deletion removes it', async () => {
    const user = await fixtures.createUser();
    const signIn = await signInWithPassword({
      ...webApp,
      identifier: { type: 'username', value: user.username },
      password: user.password,
      scopes: [template.scopes.read.name],
    });
    const session = new TokenSession(webApp, signIn.refreshToken);
    const before = expectJson(await requestUserInfo(target.endpoint, signIn.accessToken), 200, userInfoSchema);
    expect(before.organizations).toEqual([]);
    expect(before.organization_data).toEqual([]);

    const umbrella = await fixtures.createOrganization({ description: 'created by the contract suite' });
    await fixtures.addMembers(umbrella.id, [user.id]);
    const assign = await api.post(`/api/organizations/${umbrella.id}/users/${user.id}/roles`, {
      organizationRoleNames: [template.roles.member.name],
    });
    expect(assign.status).toBe(201);
    const role = `${umbrella.id}:${template.roles.member.name}`;

    // The same (old) access token sees the new organization at once.
    const after = expectJson(await requestUserInfo(target.endpoint, signIn.accessToken), 200, userInfoSchema);
    expect(after.organizations).toEqual([umbrella.id]);
    expect(after.organization_roles).toEqual([role]);
    expect(after.organization_data).toEqual([
      { id: umbrella.id, name: umbrella.name, description: 'created by the contract suite' },
    ]);

    const refreshed = expectJson(await session.refresh(), 200, tokenResponseSchema);
    const claims = idTokenClaimsSchema.parse(decodeJwtParts(refreshed.id_token ?? '').claims);
    expect(claims.organizations).toEqual([umbrella.id]);
    expect(claims.organization_roles).toEqual([role]);

    const organizationToken = expectJson(await session.organizationToken(umbrella.id), 200, tokenResponseSchema);
    expect(organizationToken.scope).toBe(template.scopes.read.name);

    const deleted = await api.delete(`/api/organizations/${umbrella.id}`);
    expect(deleted.status).toBe(204);
    const gone = expectJson(await requestUserInfo(target.endpoint, refreshed.access_token), 200, userInfoSchema);
    expect(gone.organizations).toEqual([]);
    expect(gone.organization_data).toEqual([]);
    expect((await session.organizationToken(umbrella.id)).status).toBe(403);
  });
});

describe('registration through the Experience API', () => {
  it('creates the user at identification (201 Created) and signs them in', async () => {
    const username = contractUsername();
    const registered = await registerWithPassword({
      ...webApp,
      identifier: { type: 'username', value: username },
      password: strongPassword(),
    });
    const userId = await fixtures.findUserIdByUsername(username);
    fixtures.deleteLater(`/api/users/${userId}`);

    const statusOf = (method: string, path: string) =>
      registered.steps.find((step) => step.method === method && step.path === path)?.status;
    expect(statusOf('PUT', '/api/experience')).toBe(204);
    expect(statusOf('POST', '/api/experience/verification/new-password-identity')).toBe(200);
    expect(statusOf('POST', '/api/experience/identification')).toBe(201);
    expect(statusOf('POST', '/api/experience/submit')).toBe(200);

    const claims = idTokenClaimsSchema.parse(decodeJwtParts(registered.idToken).claims);
    expect(claims).toMatchObject({ sub: userId, username, name: null, organizations: [], organization_roles: [] });

    const user = expectJson(
      await api.get(`/api/users/${userId}`),
      200,
      z.object({ applicationId: z.string().nullable(), hasPassword: z.boolean(), lastSignInAt: z.number().nullable() }),
    );
    expect(user).toMatchObject({ applicationId: target.appId, hasPassword: true });
    expect(user.lastSignInAt).not.toBeNull();
  });
});

describe('sign-in with an e-mail address', () => {
  it('signs in with identifier type "email" when the tenant allows e-mail + password sign-in', async (context) => {
    // A real tenant must enable e-mail + password sign-in; its sign-in experience says so.
    const signInExperience = await api.get('/api/sign-in-exp');
    if (signInExperience.status === 200) {
      const methods = z
        .object({ signIn: z.object({ methods: z.array(z.object({ identifier: z.string(), password: z.boolean() })) }) })
        .safeParse(signInExperience.json);
      const enabled =
        methods.success && methods.data.signIn.methods.some((method) => method.identifier === 'email' && method.password);
      if (!enabled) {
        context.skip();
      }
    }

    const user = await fixtures.createUser();
    const signIn = await signInWithPassword({
      ...webApp,
      identifier: { type: 'email', value: user.primaryEmail ?? '' },
      password: user.password,
    });
    const claims = idTokenClaimsSchema.parse(decodeJwtParts(signIn.idToken).claims);
    expect(claims.sub).toBe(user.id);
  });
});
