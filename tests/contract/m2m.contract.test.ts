// Machine-to-machine tokens (client_credentials) for the Management API
// (reference samples 10, 85).
import { afterAll, describe, expect, it } from 'vitest';

import { expectExactJson, expectJson, expectLogtoError } from './support/assertions';
import { contractContext, decodeJwtParts } from './support/context';
import { Fixtures } from './support/fixtures';
import { describeResponse, httpRequest } from './support/http';
import { accessTokenClaimsSchema, tokenResponseSchema } from './support/logto-schemas';
import { basicAuthorization, requestToken } from './support/oidc-client';
import { missingId } from './support/random';

const { target, api, m2mApp, verifyJwt } = contractContext();
const fixtures = new Fixtures(api);
afterAll(() => fixtures.cleanup());

const managementResource = target.managementApiResource;

const invalidTarget = (description: string) => ({
  code: 'oidc.invalid_target',
  message: 'Invalid resource indicator.',
  error: 'invalid_target',
  error_description: description,
});

describe('client_credentials', () => {
  it('issues an ES384 at+jwt for the Management API with scope "all" (client_secret_basic)', async () => {
    const response = await requestToken(m2mApp, {
      grant_type: 'client_credentials',
      resource: managementResource,
      scope: 'all',
    });
    const body = expectJson(response, 200, tokenResponseSchema);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body).toMatchObject({ expires_in: 3600, token_type: 'Bearer', scope: 'all' });
    expect(body).not.toHaveProperty('refresh_token');
    expect(body).not.toHaveProperty('id_token');

    const { header, claims } = decodeJwtParts(body.access_token);
    expect(header).toMatchObject({ alg: 'ES384', typ: 'at+jwt' });
    expect(typeof header.kid).toBe('string');

    const verified = accessTokenClaimsSchema.parse(
      await verifyJwt(body.access_token, { audience: managementResource, typ: 'at+jwt' }),
    );
    expect(verified).toMatchObject({
      sub: target.m2mAppId,
      client_id: target.m2mAppId,
      scope: 'all',
      iss: target.issuer,
      aud: managementResource,
    });
    // `aud` is a plain string, not an array.
    expect(typeof claims.aud).toBe('string');
    expect(verified.exp - verified.iat).toBe(3600);
  });

  it('accepts client_secret_post', async () => {
    const response = await requestToken(
      m2mApp,
      { grant_type: 'client_credentials', resource: managementResource, scope: 'all' },
      'client_secret_post',
    );
    const body = expectJson(response, 200, tokenResponseSchema);
    expect(body).toMatchObject({ expires_in: 3600, token_type: 'Bearer', scope: 'all' });
  });

  it('the token works on the Management API', async () => {
    const response = await api.get('/api/organizations', { page_size: 1 });
    expect(response.status, describeResponse(response)).toBe(200);
  });

  it('without resource: 400 invalid_target', async () => {
    const response = await requestToken(m2mApp, { grant_type: 'client_credentials', scope: 'all' });
    expectExactJson(response, 400, invalidTarget('both `resource` and `organization_id` are not provided'));
  });

  it('without resource and scope: 400 invalid_target', async () => {
    const response = await requestToken(m2mApp, { grant_type: 'client_credentials' });
    expectExactJson(response, 400, invalidTarget('both `resource` and `organization_id` are not provided'));
  });

  it('with an unknown resource: 400 invalid_target', async () => {
    const response = await requestToken(m2mApp, {
      grant_type: 'client_credentials',
      resource: 'https://contract-no-such-api.example.com',
      scope: 'all',
    });
    expectExactJson(response, 400, invalidTarget('resource indicator is missing, or unknown'));
  });

  it('with a resource that is not an absolute URI: 400 invalid_target', async () => {
    const response = await requestToken(m2mApp, {
      grant_type: 'client_credentials',
      resource: 'not a uri',
      scope: 'all',
    });
    expectExactJson(response, 400, invalidTarget('resource indicator must be an absolute URI'));
  });

  it('with two resources: 400 invalid_target', async () => {
    const response = await requestToken(m2mApp, {
      grant_type: 'client_credentials',
      resource: [managementResource, 'https://contract-no-such-api.example.com'],
      scope: 'all',
    });
    expectExactJson(response, 400, invalidTarget('resource indicator is missing, or unknown'));
  });

  it('with a wrong secret: 401 invalid_client with WWW-Authenticate: Basic', async () => {
    const response = await requestToken(
      { ...m2mApp, appSecret: `${m2mApp.appSecret}-wrong` },
      { grant_type: 'client_credentials', resource: managementResource, scope: 'all' },
    );
    expectExactJson(response, 401, {
      code: 'oidc.invalid_client',
      message: 'An OIDC error occurred: oidc.invalid_client.',
      error: 'invalid_client',
      error_description: 'client authentication failed',
    });
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Basic /);
    expect(challenge).toContain(`realm="${target.issuer}"`);
    expect(challenge).toContain('error="invalid_client"');
  });

  it('with an unknown client id: 400 invalid_client (not 401: Logto refuses the client while looking it up)', async () => {
    const response = await httpRequest(`${target.issuer}/token`, {
      method: 'POST',
      headers: { authorization: basicAuthorization(missingId(), 'secret') },
      form: new URLSearchParams({ grant_type: 'client_credentials', resource: managementResource, scope: 'all' }),
    });
    expect(response.status, describeResponse(response)).toBe(400);
    expect(response.json).toMatchObject({ code: 'oidc.invalid_client', error: 'invalid_client' });
  });

  it('without scope: 200 and a token without a scope claim, which the Management API refuses (403)', async () => {
    const response = await requestToken(m2mApp, { grant_type: 'client_credentials', resource: managementResource });
    const body = expectJson(response, 200, tokenResponseSchema);
    expect(body).not.toHaveProperty('scope');
    const { claims } = decodeJwtParts(body.access_token);
    expect(claims).not.toHaveProperty('scope');
    expect(claims.aud).toBe(managementResource);

    const apiResponse = await api.request('GET', '/api/organizations', {
      query: { page_size: 1 },
      authorization: `Bearer ${body.access_token}`,
    });
    expectLogtoError(apiResponse, 403, {
      code: 'auth.forbidden',
      message: 'Forbidden. Please check your user roles and permissions.',
    });
  });

  it('with only an unknown scope: 200 and no scope', async () => {
    const response = await requestToken(m2mApp, {
      grant_type: 'client_credentials',
      resource: managementResource,
      scope: 'contract:unknown',
    });
    const body = expectJson(response, 200, tokenResponseSchema);
    expect(body).not.toHaveProperty('scope');
    expect(decodeJwtParts(body.access_token).claims).not.toHaveProperty('scope');
  });

  it('with a known and an unknown scope: only the known one is granted', async () => {
    const response = await requestToken(m2mApp, {
      grant_type: 'client_credentials',
      resource: managementResource,
      scope: 'all contract:unknown',
    });
    const body = expectJson(response, 200, tokenResponseSchema);
    expect(body.scope).toBe('all');
    expect(decodeJwtParts(body.access_token).claims.scope).toBe('all');
  });

  it('for the organizations resource: 200 with aud urn:logto:resource:organizations and no scope', async () => {
    const response = await requestToken(m2mApp, {
      grant_type: 'client_credentials',
      resource: 'urn:logto:resource:organizations',
    });
    const body = expectJson(response, 200, tokenResponseSchema);
    expect(body).not.toHaveProperty('scope');
    const claims = accessTokenClaimsSchema.parse(
      await verifyJwt(body.access_token, { audience: 'urn:logto:resource:organizations', typ: 'at+jwt' }),
    );
    expect(claims).toMatchObject({ sub: target.m2mAppId, client_id: target.m2mAppId });
    expect(claims).not.toHaveProperty('scope');
  });

  it('with organization_id of an organization the app is not in: 403 access_denied', async () => {
    const organization = await fixtures.createOrganization();
    const response = await requestToken(m2mApp, {
      grant_type: 'client_credentials',
      organization_id: organization.id,
    });
    expectExactJson(response, 403, {
      code: 'oidc.access_denied',
      message: 'Access denied.',
      error: 'access_denied',
      error_description: 'app has not associated with the organization',
    });
  });
});
