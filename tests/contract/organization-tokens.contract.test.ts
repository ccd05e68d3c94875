// Organization tokens: refresh_token grant + organization_id (reference samples 71-74, 81, 82).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { expectExactJson, expectJson } from './support/assertions';
import { contractContext, decodeJwtParts, scopeSet } from './support/context';
import { Fixtures, type OrganizationTemplateFixture, type TestUser } from './support/fixtures';
import {
  accessTokenClaimsSchema,
  idTokenClaimsSchema,
  tokenResponseSchema,
  userInfoSchema,
  type Organization,
} from './support/logto-schemas';
import { missingId } from './support/random';
import {
  DEFAULT_SIGN_IN_SCOPES,
  requestUserInfo,
  signInWithPassword,
  TokenSession,
  type AuthorizationRequestOptions,
} from './support/sign-in';

const { target, api, webApp, verifyJwt } = contractContext();
const fixtures = new Fixtures(api);
afterAll(() => fixtures.cleanup());

const NOT_A_MEMBER = {
  code: 'oidc.access_denied',
  message: 'Access denied.',
  error: 'access_denied',
  error_description: 'user is not a member of the organization',
};

let template: OrganizationTemplateFixture;
let allScopes: string[];

beforeAll(async () => {
  template = await fixtures.createOrganizationTemplate();
  const { read, write, manage } = template.scopes;
  allScopes = [read.name, write.name, manage.name];
});

const audienceOf = (organizationId: string) => `urn:logto:organization:${organizationId}`;

async function signIn(user: TestUser, options: AuthorizationRequestOptions = {}): Promise<TokenSession> {
  const result = await signInWithPassword({
    ...webApp,
    identifier: { type: 'username', value: user.username },
    password: user.password,
    ...options,
  });
  return new TokenSession(webApp, result.refreshToken);
}

/** A member of a fresh organization with the given template role. */
async function memberOf(role: 'admin' | 'member'): Promise<{ user: TestUser; organization: Organization }> {
  const user = await fixtures.createUser();
  const organization = await fixtures.createOrganization();
  await fixtures.addMembers(organization.id, [user.id]);
  await fixtures.assignOrganizationRoles(organization.id, [user.id], [template.roles[role].id]);
  return { user, organization };
}

describe('organization token issuance', () => {
  let alice: TestUser;
  let bob: TestUser;
  let acme: Organization;
  let aliceSession: TokenSession;
  let bobSession: TokenSession;

  beforeAll(async () => {
    acme = await fixtures.createOrganization();
    alice = await fixtures.createUser();
    bob = await fixtures.createUser();
    await fixtures.addMembers(acme.id, [alice.id, bob.id]);
    await fixtures.assignOrganizationRoles(acme.id, [alice.id], [template.roles.admin.id]);
    await fixtures.assignOrganizationRoles(acme.id, [bob.id], [template.roles.member.id]);
    aliceSession = await signIn(alice, { scopes: allScopes });
    bobSession = await signIn(bob, { scopes: allScopes });
  });

  it('the code exchange lists only the OIDC scopes, not the organization scopes', async () => {
    const result = await signInWithPassword({
      ...webApp,
      identifier: { type: 'username', value: alice.username },
      password: alice.password,
      scopes: allScopes,
    });
    expect(scopeSet(result.scope)).toEqual([...DEFAULT_SIGN_IN_SCOPES].sort());
  });

  it('an admin gets an ES384 at+jwt for urn:logto:organization:<id> with the role scopes, 3600 s', async () => {
    const refreshTokenBefore = aliceSession.refreshToken;
    const response = await aliceSession.organizationToken(acme.id);
    const body = expectJson(response, 200, tokenResponseSchema);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body.expires_in).toBe(3600);
    expect(body.token_type).toBe('Bearer');
    expect(scopeSet(body.scope)).toEqual([...allScopes].sort());
    expect(typeof body.id_token).toBe('string');

    const { header } = decodeJwtParts(body.access_token);
    expect(header).toMatchObject({ alg: 'ES384', typ: 'at+jwt' });
    const claims = accessTokenClaimsSchema.parse(
      await verifyJwt(body.access_token, { audience: audienceOf(acme.id), typ: 'at+jwt' }),
    );
    expect(claims).toMatchObject({
      sub: alice.id,
      client_id: target.appId,
      iss: target.issuer,
      aud: audienceOf(acme.id),
    });
    expect(scopeSet(claims.scope)).toEqual([...allScopes].sort());
    expect(claims.exp - claims.iat).toBe(3600);

    // Logto does not rotate a fresh refresh token of a web app on this grant.
    expect(body.refresh_token).toBe(refreshTokenBefore);
  });

  it('a member gets only the member role scopes', async () => {
    const body = expectJson(await bobSession.organizationToken(acme.id), 200, tokenResponseSchema);
    expect(body.scope).toBe(template.scopes.read.name);
    expect(decodeJwtParts(body.access_token).claims.scope).toBe(template.scopes.read.name);
  });

  it('`scope` narrows the token', async () => {
    const { read, write } = template.scopes;
    const one = expectJson(await aliceSession.organizationToken(acme.id, read.name), 200, tokenResponseSchema);
    expect(one.scope).toBe(read.name);
    expect(decodeJwtParts(one.access_token).claims.scope).toBe(read.name);

    const two = expectJson(
      await aliceSession.organizationToken(acme.id, `${read.name} ${write.name}`),
      200,
      tokenResponseSchema,
    );
    expect(scopeSet(two.scope)).toEqual([read.name, write.name].sort());
  });

  it('a member without an organization role gets scope ""', async () => {
    const plain = await fixtures.createUser();
    await fixtures.addMembers(acme.id, [plain.id]);
    const session = await signIn(plain, { scopes: allScopes });
    const body = expectJson(await session.organizationToken(acme.id), 200, tokenResponseSchema);
    expect(body.scope).toBe('');
    expect(decodeJwtParts(body.access_token).claims).toMatchObject({ aud: audienceOf(acme.id), sub: plain.id });
  });

  it('only the requested scopes the role grants reach the token', async () => {
    const session = await signIn(alice, { scopes: [template.scopes.read.name] });
    const body = expectJson(await session.organizationToken(acme.id), 200, tokenResponseSchema);
    expect(body.scope).toBe(template.scopes.read.name);
  });

  it('organization scopes not requested at sign-in: scope "", and asking for one is 400 invalid_scope', async () => {
    const session = await signIn(alice);
    const body = expectJson(await session.organizationToken(acme.id), 200, tokenResponseSchema);
    expect(body.scope).toBe('');
    expect(decodeJwtParts(body.access_token).claims.scope).toBe('');

    const read = template.scopes.read.name;
    expectExactJson(await session.organizationToken(acme.id, read), 400, {
      code: 'oidc.invalid_scope',
      message: 'Invalid scope: {{error_description}}.',
      error: 'invalid_scope',
      error_description: 'refresh token missing requested scope',
      scope: read,
    });
  });

  it('organization scopes requested without resource=urn:logto:resource:organizations: scope ""', async () => {
    const session = await signIn(alice, { scopes: allScopes, organizationResource: false });
    const body = expectJson(await session.organizationToken(acme.id), 200, tokenResponseSchema);
    expect(body.scope).toBe('');
  });

  it('an organization the user is not a member of: 403 access_denied', async () => {
    const other = await fixtures.createOrganization();
    expectExactJson(await aliceSession.organizationToken(other.id), 403, NOT_A_MEMBER);
  });

  it('an unknown organization: 403 access_denied', async () => {
    expectExactJson(await aliceSession.organizationToken(missingId()), 403, NOT_A_MEMBER);
  });

  it('the 403 does not spend the refresh token', async () => {
    await aliceSession.organizationToken(missingId());
    expectJson(await aliceSession.organizationToken(acme.id), 200, tokenResponseSchema);
  });

  it('organization_id together with resource: 400 invalid_target', async () => {
    const response = await aliceSession.refresh({ organizationId: acme.id, resource: target.managementApiResource });
    expectExactJson(response, 400, {
      code: 'oidc.invalid_target',
      message: 'Invalid resource indicator.',
      error: 'invalid_target',
      error_description: 'resource indicator is missing, or unknown',
    });
  });
});

describe('organization tokens follow membership changes', () => {
  it('after a role change the next organization token carries the new scopes', async () => {
    const { user, organization } = await memberOf('member');
    const session = await signIn(user, { scopes: allScopes });

    const before = expectJson(await session.organizationToken(organization.id), 200, tokenResponseSchema);
    expect(before.scope).toBe(template.scopes.read.name);

    const put = await api.put(`/api/organizations/${organization.id}/users/${user.id}/roles`, {
      organizationRoleIds: [template.roles.admin.id],
    });
    expect(put.status).toBe(204);

    const after = expectJson(await session.organizationToken(organization.id), 200, tokenResponseSchema);
    expect(scopeSet(after.scope)).toEqual([...allScopes].sort());
    const idToken = idTokenClaimsSchema.parse(decodeJwtParts(after.id_token ?? '').claims);
    expect(idToken.organization_roles).toEqual([`${organization.id}:${template.roles.admin.name}`]);
  });

  it('after removal: 403 on the organization token while a plain refresh still works', async () => {
    const { user, organization } = await memberOf('member');
    const session = await signIn(user, { scopes: allScopes });
    expectJson(await session.organizationToken(organization.id), 200, tokenResponseSchema);

    const removed = await api.delete(`/api/organizations/${organization.id}/users/${user.id}`);
    expect(removed.status).toBe(204);

    expectExactJson(await session.organizationToken(organization.id), 403, NOT_A_MEMBER);

    const plain = expectJson(await session.refresh(), 200, tokenResponseSchema);
    const idToken = idTokenClaimsSchema.parse(decodeJwtParts(plain.id_token ?? '').claims);
    expect(idToken.organizations).toEqual([]);
    expect(idToken.organization_roles).toEqual([]);

    // Re-added with a role: the same refresh-token chain works again.
    await fixtures.addMembers(organization.id, [user.id]);
    await fixtures.assignOrganizationRoles(organization.id, [user.id], [template.roles.member.id]);
    const again = expectJson(await session.organizationToken(organization.id), 200, tokenResponseSchema);
    expect(again.scope).toBe(template.scopes.read.name);
  });

  it('suspending a user revokes their refresh token: invalid_grant, still after reinstatement', async () => {
    const { user, organization } = await memberOf('member');
    const session = await signIn(user, { scopes: allScopes });
    expectJson(await session.organizationToken(organization.id), 200, tokenResponseSchema);

    expect((await api.patch(`/api/users/${user.id}/is-suspended`, { isSuspended: true })).status).toBe(200);
    const refused = await session.organizationToken(organization.id);
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ code: 'oidc.invalid_grant', error: 'invalid_grant' });

    expect((await api.patch(`/api/users/${user.id}/is-suspended`, { isSuspended: false })).status).toBe(200);
    const afterReinstatement = await session.refresh();
    expect(afterReinstatement.status).toBe(400);
    expect(afterReinstatement.json).toMatchObject({ code: 'oidc.invalid_grant', error: 'invalid_grant' });
  });

  it('an organization with isMfaRequired denies a user without MFA; plain refresh and userinfo are unaffected', async () => {
    const { user, organization } = await memberOf('member');
    const session = await signIn(user, { scopes: allScopes });
    expectJson(await session.organizationToken(organization.id), 200, tokenResponseSchema);

    const patched = await api.patch(`/api/organizations/${organization.id}`, { isMfaRequired: true });
    expect(patched.status).toBe(200);

    expectExactJson(await session.organizationToken(organization.id), 403, {
      code: 'oidc.access_denied',
      message: 'Access denied.',
      error: 'access_denied',
      error_description: 'organization requires MFA but user has no MFA configured',
    });

    const plain = expectJson(await session.refresh(), 200, tokenResponseSchema);
    const info = expectJson(await requestUserInfo(target.endpoint, plain.access_token), 200, userInfoSchema);
    expect(info.organizations).toEqual([organization.id]);

    const restored = await api.patch(`/api/organizations/${organization.id}`, { isMfaRequired: false });
    expect(restored.status).toBe(200);
    const back = expectJson(await session.organizationToken(organization.id), 200, tokenResponseSchema);
    expect(back.scope).toBe(template.scopes.read.name);
  });

  it('an organization with isMfaRequired issues the token once the user has a factor, on the same refresh token', async () => {
    const { user, organization } = await memberOf('member');
    const session = await signIn(user, { scopes: allScopes });
    expect((await api.patch(`/api/organizations/${organization.id}`, { isMfaRequired: true })).status).toBe(200);
    expect((await session.organizationToken(organization.id)).status).toBe(403);

    // Logto checks the user's factors at every token request (not this session's sign-in).
    expect((await api.post(`/api/users/${user.id}/mfa-verifications`, { type: 'Totp' })).status).toBe(200);
    const issued = expectJson(await session.organizationToken(organization.id), 200, tokenResponseSchema);
    expect(issued.scope).toBe(template.scopes.read.name);
  });
});
