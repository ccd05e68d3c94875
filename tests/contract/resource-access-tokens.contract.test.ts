// End-user access tokens for an API resource, with scopes from a default role
// (reference sample 89).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { expectExactJson, expectJson } from './support/assertions';
import { contractContext, decodeJwtParts, scopeSet } from './support/context';
import { Fixtures, type TestUser } from './support/fixtures';
import { accessTokenClaimsSchema, tokenResponseSchema, type Resource, type ResourceScope, type Role } from './support/logto-schemas';
import { DEFAULT_SIGN_IN_SCOPES, requestUserInfo, signInWithPassword, TokenSession } from './support/sign-in';

const { target, api, webApp, verifyJwt } = contractContext();
const fixtures = new Fixtures(api);

const TTL = 600;

let resource: Resource;
let scope: ResourceScope;
let role: Role;
let holder: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  outsider = await fixtures.createUser(); // before the default role: gets no scope
  resource = await fixtures.createResource({ accessTokenTtl: TTL });
  scope = await fixtures.createResourceScope(resource.id, { description: 'Create organizations' });
  role = await fixtures.createRole({ scopeIds: [scope.id], isDefault: true });
  holder = await fixtures.createUser();
  // Only users created while the role was default get it; stop handing it out now.
  await api.patch(`/api/roles/${role.id}`, { isDefault: false });
});

afterAll(() => fixtures.cleanup());

const signIn = (user: TestUser, options: { resources?: string[]; scopes?: string[]; tokenResource?: string } = {}) =>
  signInWithPassword({
    ...webApp,
    identifier: { type: 'username', value: user.username },
    password: user.password,
    ...options,
  });

const invalidScope = (requested: string) => ({
  code: 'oidc.invalid_scope',
  message: 'Invalid scope: {{error_description}}.',
  error: 'invalid_scope',
  error_description: 'refresh token missing requested scope',
  scope: requested,
});

describe('API resource access tokens', () => {
  it('sign-in with resource + scope, refresh with resource: an ES384 at+jwt with the role scope and the resource TTL', async () => {
    const result = await signIn(holder, { resources: [resource.indicator], scopes: [scope.name] });
    // The code exchange without `resource` lists only the OIDC scopes.
    expect(scopeSet(result.scope)).toEqual([...DEFAULT_SIGN_IN_SCOPES].sort());

    const session = new TokenSession(webApp, result.refreshToken);
    const response = await session.refresh({ resource: resource.indicator });
    const body = expectJson(response, 200, tokenResponseSchema);
    expect(body).toMatchObject({ expires_in: TTL, scope: scope.name, token_type: 'Bearer' });

    const { header } = decodeJwtParts(body.access_token);
    expect(header).toMatchObject({ alg: 'ES384', typ: 'at+jwt' });
    const claims = accessTokenClaimsSchema.parse(
      await verifyJwt(body.access_token, { audience: resource.indicator, typ: 'at+jwt' }),
    );
    expect(claims).toMatchObject({
      sub: holder.id,
      client_id: target.appId,
      iss: target.issuer,
      aud: resource.indicator,
      scope: scope.name,
    });
    expect(claims.exp - claims.iat).toBe(TTL);

    const narrowed = expectJson(
      await session.refresh({ resource: resource.indicator, scope: scope.name }),
      200,
      tokenResponseSchema,
    );
    expect(narrowed.scope).toBe(scope.name);

    expectExactJson(
      await session.refresh({ resource: resource.indicator, scope: 'contract:not-granted' }),
      400,
      invalidScope('contract:not-granted'),
    );
  });

  it('the code exchange with resource returns the resource token at once', async () => {
    const result = await signIn(holder, {
      resources: [resource.indicator],
      scopes: [scope.name],
      tokenResource: resource.indicator,
    });
    expect(result.expiresIn).toBe(TTL);
    expect(result.scope).toBe(scope.name);
    const claims = accessTokenClaimsSchema.parse(
      await verifyJwt(result.accessToken, { audience: resource.indicator, typ: 'at+jwt' }),
    );
    expect(claims).toMatchObject({ sub: holder.id, scope: scope.name, aud: resource.indicator });
  });

  it('a user without the role gets scope "" and invalid_scope when asking for it', async () => {
    const result = await signIn(outsider, { resources: [resource.indicator], scopes: [scope.name] });
    const session = new TokenSession(webApp, result.refreshToken);
    const body = expectJson(await session.refresh({ resource: resource.indicator }), 200, tokenResponseSchema);
    expect(body.scope).toBe('');
    expect(decodeJwtParts(body.access_token).claims.scope).toBe('');

    expectExactJson(
      await session.refresh({ resource: resource.indicator, scope: scope.name }),
      400,
      invalidScope(scope.name),
    );
  });

  it('the scope not requested at sign-in: scope ""', async () => {
    const result = await signIn(holder, { resources: [resource.indicator] });
    const session = new TokenSession(webApp, result.refreshToken);
    const body = expectJson(await session.refresh({ resource: resource.indicator }), 200, tokenResponseSchema);
    expect(body.scope).toBe('');
  });

  it('the resource not requested at sign-in: 400 invalid_target on refresh', async () => {
    const result = await signIn(holder, { scopes: [scope.name] });
    const session = new TokenSession(webApp, result.refreshToken);
    expectExactJson(await session.refresh({ resource: resource.indicator }), 400, {
      code: 'oidc.invalid_target',
      message: 'Invalid resource indicator.',
      error: 'invalid_target',
      error_description: 'resource indicator is missing, or unknown',
    });
  });

  it('after the role is removed the next refresh carries scope ""; re-added, the scope is back', async () => {
    const result = await signIn(holder, { resources: [resource.indicator], scopes: [scope.name] });
    const session = new TokenSession(webApp, result.refreshToken);

    const removed = await api.delete(`/api/users/${holder.id}/roles/${role.id}`);
    expect(removed.status).toBe(204);
    const without = expectJson(await session.refresh({ resource: resource.indicator }), 200, tokenResponseSchema);
    expect(without.scope).toBe('');

    const added = await api.post(`/api/users/${holder.id}/roles`, { roleIds: [role.id] });
    expect(added.status).toBe(201);
    const back = expectJson(await session.refresh({ resource: resource.indicator }), 200, tokenResponseSchema);
    expect(back.scope).toBe(scope.name);
  });

  it('/oidc/me refuses a resource access token: 401 invalid_token with WWW-Authenticate: Bearer', async () => {
    const result = await signIn(holder, {
      resources: [resource.indicator],
      scopes: [scope.name],
      tokenResource: resource.indicator,
    });
    const response = await requestUserInfo(target.endpoint, result.accessToken);
    expectExactJson(response, 401, {
      code: 'oidc.invalid_token',
      message: 'Invalid token provided.',
      error: 'invalid_token',
      error_description: 'invalid token provided',
    });
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain(`realm="${target.issuer}"`);
    expect(challenge).toContain('error="invalid_token"');
  });
});
