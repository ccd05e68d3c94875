import { describe, expect, it } from 'vitest';

import {
  APP_API_INDICATOR,
  DEMO_PASSWORD,
  M2M_APP_ID,
  MANAGEMENT_API_INDICATOR,
  WEB_APP_ID,
} from '../src/constants.js';
import {
  basicAuth,
  call,
  decodeJwt,
  decodeProtectedHeader,
  exchangeCode,
  m2mAuth,
  REDIRECT_URI,
  signIn,
  token,
  verifyJwt,
  useServer,
} from './helpers.js';

const server = useServer();

describe('discovery and keys', () => {
  it('publishes Logto-shaped discovery under /oidc', async () => {
    const { status, body } = await call(`${server().endpoint}/oidc/.well-known/openid-configuration`);
    expect(status).toBe(200);
    const oidc = `${server().endpoint}/oidc`;
    expect(body).toMatchObject({
      issuer: oidc,
      authorization_endpoint: `${oidc}/auth`,
      token_endpoint: `${oidc}/token`,
      userinfo_endpoint: `${oidc}/me`,
      jwks_uri: `${oidc}/jwks`,
      end_session_endpoint: `${oidc}/session/end`,
      revocation_endpoint: `${oidc}/token/revocation`,
      id_token_signing_alg_values_supported: ['ES384'],
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
      authorization_response_iss_parameter_supported: true,
    });
    expect(body.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'offline_access', 'profile', 'urn:logto:scope:organizations']),
    );
    expect(body.claims_supported).toEqual(expect.arrayContaining(['organizations', 'organization_roles', 'username']));

    const atRoot = await call(`${server().endpoint}/.well-known/openid-configuration`);
    expect(atRoot.status).toBe(404);
  });

  it('serves one EC P-384 signing key', async () => {
    const { status, headers, body } = await call<{ keys: Record<string, unknown>[] }>(`${server().endpoint}/oidc/jwks`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('application/jwk-set+json');
    expect(body.keys).toHaveLength(1);
    expect(body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-384', alg: 'ES384', use: 'sig' });
    expect(typeof body.keys[0]?.kid).toBe('string');
    expect(body.keys[0]).not.toHaveProperty('d');
  });
});

describe('client credentials', () => {
  it('issues Management API tokens shaped like Logto', async () => {
    const response = await token(
      server().endpoint,
      { grant_type: 'client_credentials', resource: MANAGEMENT_API_INDICATOR, scope: 'all' },
      m2mAuth(),
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ expires_in: 3600, token_type: 'Bearer', scope: 'all' });
    expect(decodeProtectedHeader(response.body.access_token)).toMatchObject({ alg: 'ES384', typ: 'at+jwt' });
    const claims = await verifyJwt(server().endpoint, response.body.access_token, MANAGEMENT_API_INDICATOR);
    expect(Object.keys(claims).sort()).toEqual(['aud', 'client_id', 'exp', 'iat', 'iss', 'jti', 'scope', 'sub']);
    expect(claims).toMatchObject({ sub: M2M_APP_ID, client_id: M2M_APP_ID, scope: 'all', aud: MANAGEMENT_API_INDICATOR });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
  });

  it('accepts client_secret_post and leaves out unknown scopes', async () => {
    const response = await token(
      server().endpoint,
      {
        grant_type: 'client_credentials',
        client_id: M2M_APP_ID,
        client_secret: 'local-m2m-app-secret-for-development-only',
        resource: MANAGEMENT_API_INDICATOR,
        scope: 'all nope:unknown',
      },
      null,
    );
    expect(response.body.scope).toBe('all');
    const withoutScope = await token(
      server().endpoint,
      { grant_type: 'client_credentials', resource: MANAGEMENT_API_INDICATOR },
      m2mAuth(),
    );
    expect(withoutScope.status).toBe(200);
    expect(withoutScope.body.scope).toBeUndefined();
    expect(decodeJwt(withoutScope.body.access_token)).not.toHaveProperty('scope');
  });

  it('answers invalid_target without a resource and for an unknown one', async () => {
    const missing = await token(server().endpoint, { grant_type: 'client_credentials', scope: 'all' }, m2mAuth());
    expect(missing).toMatchObject({
      status: 400,
      body: {
        code: 'oidc.invalid_target',
        message: 'Invalid resource indicator.',
        error: 'invalid_target',
        error_description: 'both `resource` and `organization_id` are not provided',
      },
    });
    const unknown = await token(
      server().endpoint,
      { grant_type: 'client_credentials', resource: 'https://no-such-api.example.com', scope: 'all' },
      m2mAuth(),
    );
    expect(unknown).toMatchObject({
      status: 400,
      body: { error: 'invalid_target', error_description: 'resource indicator is missing, or unknown' },
    });
  });

  it('answers 401 invalid_client for a wrong secret, 400 invalid_client for an unknown client (as Logto)', async () => {
    const wrong = await token(
      server().endpoint,
      { grant_type: 'client_credentials', resource: MANAGEMENT_API_INDICATOR, scope: 'all' },
      basicAuth(M2M_APP_ID, 'wrong-secret'),
    );
    expect(wrong).toMatchObject({
      status: 401,
      body: {
        code: 'oidc.invalid_client',
        message: 'An OIDC error occurred: oidc.invalid_client.',
        error: 'invalid_client',
        error_description: 'client authentication failed',
      },
    });
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic realm=".*\/oidc", error="invalid_client"/);

    const unknown = await token(
      server().endpoint,
      { grant_type: 'client_credentials', resource: MANAGEMENT_API_INDICATOR },
      basicAuth('no-such-client', 'secret'),
    );
    expect(unknown).toMatchObject({
      status: 400,
      body: { code: 'oidc.invalid_client', error: 'invalid_client', error_description: 'invalid client no-such-client' },
    });
  });
});

describe('authorization code errors', () => {
  it('rejects an unregistered redirect_uri with Logto JSON', async () => {
    const params = new URLSearchParams({
      client_id: WEB_APP_ID,
      redirect_uri: 'http://localhost:3000/not-registered',
      response_type: 'code',
      scope: 'openid',
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
      state: 'x',
    });
    const response = await call(`${server().endpoint}/oidc/auth?${params.toString()}`);
    expect(response).toMatchObject({
      status: 400,
      body: {
        code: 'oidc.invalid_redirect_uri',
        error: 'invalid_redirect_uri',
        state: 'x',
        iss: `${server().endpoint}/oidc`,
      },
    });
  });

  it('requires PKCE', async () => {
    const params = new URLSearchParams({
      client_id: WEB_APP_ID,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'openid',
      state: 'x',
    });
    const response = await call(`${server().endpoint}/oidc/auth?${params.toString()}`);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('invalid_request');
  });

  it('rejects a missing or wrong verifier, then a replayed code', async () => {
    const result = await signIn(server().endpoint, { type: 'username', value: 'alice' }, DEMO_PASSWORD);
    const base = { grant_type: 'authorization_code', code: result.code, redirect_uri: REDIRECT_URI };

    const missing = await token(server().endpoint, base);
    expect(missing).toMatchObject({ status: 400, body: { code: 'oidc.invalid_grant', error: 'invalid_grant' } });

    const wrong = await token(server().endpoint, { ...base, code_verifier: 'w'.repeat(43) });
    expect(wrong).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const good = await token(server().endpoint, { ...base, code_verifier: result.verifier });
    expect(good.status).toBe(200);

    const replayed = await token(server().endpoint, { ...base, code_verifier: result.verifier });
    expect(replayed).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    // The replay revoked what the code had issued.
    const refresh = await token(server().endpoint, { grant_type: 'refresh_token', refresh_token: good.body.refresh_token ?? '' });
    expect(refresh).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('rejects a code issued to another redirect_uri and a client other than its own', async () => {
    const result = await signIn(server().endpoint, { type: 'username', value: 'bob' }, DEMO_PASSWORD);
    const otherRedirect = await token(server().endpoint, {
      grant_type: 'authorization_code',
      code: result.code,
      redirect_uri: 'http://127.0.0.1:3000/callback',
      code_verifier: result.verifier,
    });
    expect(otherRedirect).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});

describe('refresh tokens and resources', () => {
  it('refreshes, revokes, and answers invalid_grant for a revoked refresh token', async () => {
    const result = await signIn(server().endpoint, { type: 'username', value: 'carol' }, DEMO_PASSWORD, {
      scope: 'openid offline_access profile',
    });
    const tokens = await exchangeCode(server().endpoint, result);
    const refreshToken = tokens.refresh_token ?? '';

    const refreshed = await token(server().endpoint, { grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.id_token).toBeTruthy();
    // A confidential client's refresh token is not rotated early, as in Logto.
    expect(refreshed.body.refresh_token).toBe(refreshToken);

    const revoked = await call(`${server().endpoint}/oidc/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth() },
      body: new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token' }).toString(),
    });
    expect(revoked.status).toBe(200);

    const afterRevocation = await token(server().endpoint, { grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(afterRevocation).toMatchObject({ status: 400, body: { code: 'oidc.invalid_grant', error: 'invalid_grant' } });

    const garbage = await token(server().endpoint, { grant_type: 'refresh_token', refresh_token: 'not-a-token' });
    expect(garbage).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('issues a JWT resource token with the scopes of the user roles that were requested', async () => {
    const result = await signIn(server().endpoint, { type: 'username', value: 'alice' }, DEMO_PASSWORD, {
      scope: 'openid offline_access profile create:organizations',
      resources: [APP_API_INDICATOR],
    });
    const tokens = await exchangeCode(server().endpoint, result);
    expect(tokens.scope).toBe('openid offline_access profile');

    const resourceToken = await token(server().endpoint, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
      resource: APP_API_INDICATOR,
    });
    expect(resourceToken.status).toBe(200);
    expect(resourceToken.body.scope).toBe('create:organizations');
    expect(decodeProtectedHeader(resourceToken.body.access_token)).toMatchObject({ alg: 'ES384', typ: 'at+jwt' });
    const claims = await verifyJwt(server().endpoint, resourceToken.body.access_token, APP_API_INDICATOR);
    expect(claims).toMatchObject({ scope: 'create:organizations', client_id: WEB_APP_ID, aud: APP_API_INDICATOR });

    const unknownScope = await token(server().endpoint, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
      resource: APP_API_INDICATOR,
      scope: 'delete:everything',
    });
    expect(unknownScope).toMatchObject({
      status: 400,
      body: { error: 'invalid_scope', error_description: 'refresh token missing requested scope', scope: 'delete:everything' },
    });

    const unknownResource = await token(server().endpoint, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
      resource: 'https://no-such-api.example.com',
    });
    expect(unknownResource).toMatchObject({ status: 400, body: { error: 'invalid_target' } });
  });

  it('gives an empty scope claim when the scope was not requested', async () => {
    const result = await signIn(server().endpoint, { type: 'username', value: 'bob' }, DEMO_PASSWORD, {
      scope: 'openid offline_access profile',
      resources: [APP_API_INDICATOR],
    });
    const tokens = await exchangeCode(server().endpoint, result, { resource: APP_API_INDICATOR });
    expect(tokens.scope).toBe('');
    expect(decodeJwt(tokens.access_token)).toMatchObject({ scope: '', aud: APP_API_INDICATOR });
  });

  it('refuses a resource that was not part of the sign-in', async () => {
    const result = await signIn(server().endpoint, { type: 'username', value: 'bob' }, DEMO_PASSWORD);
    const tokens = await exchangeCode(server().endpoint, result);
    const response = await token(server().endpoint, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
      resource: APP_API_INDICATOR,
    });
    expect(response).toMatchObject({
      status: 400,
      body: { error: 'invalid_target', error_description: 'resource indicator is missing, or unknown' },
    });
  });

  it('rejects a resource JWT at the userinfo endpoint', async () => {
    const result = await signIn(server().endpoint, { type: 'username', value: 'alice' }, DEMO_PASSWORD, {
      scope: 'openid offline_access profile create:organizations',
      resources: [APP_API_INDICATOR],
    });
    const tokens = await exchangeCode(server().endpoint, result, { resource: APP_API_INDICATOR });
    const response = await call(`${server().endpoint}/oidc/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(response).toMatchObject({ status: 401, body: { code: 'oidc.invalid_token', error: 'invalid_token' } });
  });
});
