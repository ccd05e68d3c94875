// OIDC discovery and JWKS (reference samples 80 and 90).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { expectJson } from './support/assertions';
import { contractContext } from './support/context';
import { describeResponse, httpRequest } from './support/http';
import { discoverySchema, jwksSchema, oidcErrorSchema } from './support/logto-schemas';

const { target } = contractContext();
const issuer = target.issuer;

describe('OIDC discovery', () => {
  it('serves the configuration under /oidc with Logto endpoints, S256 PKCE and ES384', async () => {
    const response = await httpRequest(`${issuer}/.well-known/openid-configuration`);
    const config = expectJson(response, 200, discoverySchema);

    expect(config).toMatchObject({
      issuer,
      authorization_endpoint: `${issuer}/auth`,
      token_endpoint: `${issuer}/token`,
      userinfo_endpoint: `${issuer}/me`,
      jwks_uri: `${issuer}/jwks`,
      end_session_endpoint: `${issuer}/session/end`,
      revocation_endpoint: `${issuer}/token/revocation`,
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['ES384'],
      authorization_response_iss_parameter_supported: true,
    });
    expect(config.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']),
    );
    expect(config.response_types_supported).toContain('code');
    expect(config.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(['client_secret_basic', 'client_secret_post']),
    );
    expect(config.scopes_supported).toEqual(
      expect.arrayContaining([
        'openid',
        'offline_access',
        'profile',
        'email',
        'urn:logto:scope:organizations',
        'urn:logto:scope:organization_roles',
      ]),
    );
    expect(config.claims_supported).toEqual(
      expect.arrayContaining([
        'sub',
        'name',
        'picture',
        'username',
        'created_at',
        'updated_at',
        'organizations',
        'organization_data',
        'organization_roles',
      ]),
    );
  });

  it('answers the OAuth metadata path with 404 oidc.invalid_request', async () => {
    const response = await httpRequest(`${issuer}/.well-known/oauth-authorization-server`);
    const body = expectJson(response, 404, oidcErrorSchema);
    expect(body).toMatchObject({ code: 'oidc.invalid_request', error: 'invalid_request' });
  });

  it('has no discovery document at the root (the issuer is /oidc)', async () => {
    const response = await httpRequest(`${target.endpoint}/.well-known/openid-configuration`);
    expect(response.status, describeResponse(response)).toBe(404);
  });
});

describe('JWKS', () => {
  it('publishes EC P-384 ES384 signing keys as application/jwk-set+json, public parts only', async () => {
    const response = await httpRequest(`${issuer}/jwks`);
    const jwks = expectJson(response, 200, jwksSchema);

    expect(response.headers.get('content-type')).toMatch(/^application\/jwk-set\+json/);
    const rawKeys = z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).parse(response.json).keys;
    for (const key of rawKeys) {
      expect(key).not.toHaveProperty('d');
    }
    expect(new Set(jwks.keys.map((key) => key.kid)).size).toBe(jwks.keys.length);
  });
});

describe('authorization endpoint', () => {
  it('rejects an unregistered redirect_uri with 400 oidc.invalid_redirect_uri', async () => {
    const url = new URL(`${issuer}/auth`);
    url.searchParams.set('client_id', target.appId);
    url.searchParams.set('redirect_uri', 'http://localhost:3000/contract-not-registered');
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', 'openid');
    url.searchParams.set('code_challenge', '2JdZKTpqAnM_86leoGYGJMGYBjjC_7pRqjkVWN8x94w');
    url.searchParams.set('code_challenge_method', 'S256');
    url.searchParams.set('state', 'contract-state');

    const response = await httpRequest(url);
    expectJson(response, 400, oidcErrorSchema);
    expect(response.json).toMatchObject({
      code: 'oidc.invalid_redirect_uri',
      error: 'invalid_redirect_uri',
      error_description: "redirect_uri did not match any of the client's registered redirect_uris",
      state: 'contract-state',
      iss: issuer,
    });
  });
});
