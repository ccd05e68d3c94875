// Management API authentication errors (reference samples 60, 85): 401 with Logto's bodies
// and no WWW-Authenticate header; 403 auth.forbidden for a token without the `all` scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { expectJson, expectLogtoError } from './support/assertions';
import { contractContext } from './support/context';
import { Fixtures } from './support/fixtures';
import type { HttpResponse } from './support/http';
import { tokenResponseSchema } from './support/logto-schemas';
import { signInWithPassword, TokenSession } from './support/sign-in';

const { api, webApp } = contractContext();
const fixtures = new Fixtures(api);
afterAll(() => fixtures.cleanup());

const UNAUTHORIZED = 'Unauthorized. Please check credentials and its scope.';

function callWith(authorization: string | null): Promise<HttpResponse> {
  return api.request('GET', '/api/organizations', { query: { page_size: 1 }, authorization });
}

function expectNoChallenge(response: HttpResponse): void {
  expect(response.headers.get('www-authenticate')).toBeNull();
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function jwtParts(token: string): [string, string, string] {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return [header, payload, signature];
}

function decodePart(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

let m2mToken: string;

beforeAll(async () => {
  m2mToken = await api.token();
});

describe('Management API authentication', () => {
  it('no Authorization header: 401 auth.authorization_header_missing', async () => {
    const response = await callWith(null);
    expectLogtoError(response, 401, {
      code: 'auth.authorization_header_missing',
      message: 'Authorization header is missing.',
    });
    expectNoChallenge(response);
  });

  it('a token that is not a JWT: 401 auth.unauthorized ERR_JWS_INVALID', async () => {
    const response = await callWith('Bearer not-a-jwt');
    expectLogtoError(response, 401, {
      code: 'auth.unauthorized',
      message: UNAUTHORIZED,
      data: { code: 'ERR_JWS_INVALID', name: 'JWSInvalid' },
    });
    expectNoChallenge(response);
  });

  it('the Basic scheme: 401 auth.authorization_token_type_not_supported', async () => {
    const response = await callWith('Basic Zm9vOmJhcg==');
    expectLogtoError(response, 401, {
      code: 'auth.authorization_token_type_not_supported',
      message: 'Authorization type is not supported.',
      data: { supportedTypes: ['Bearer'] },
    });
    expectNoChallenge(response);
  });

  it('a tampered signature: 401 ERR_JWS_SIGNATURE_VERIFICATION_FAILED', async () => {
    const [header, payload, signature] = jwtParts(m2mToken);
    const tampered = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    const response = await callWith(`Bearer ${header}.${payload}.${tampered}`);
    expectLogtoError(response, 401, {
      code: 'auth.unauthorized',
      message: UNAUTHORIZED,
      data: { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', name: 'JWSSignatureVerificationFailed' },
    });
    expectNoChallenge(response);
  });

  it('a tampered payload (scope) with the original signature: 401 ERR_JWS_SIGNATURE_VERIFICATION_FAILED', async () => {
    const [header, payload, signature] = jwtParts(m2mToken);
    const claims = decodePart(payload);
    const response = await callWith(`Bearer ${header}.${base64urlJson({ ...claims, scope: 'all extra' })}.${signature}`);
    expectLogtoError(response, 401, {
      code: 'auth.unauthorized',
      data: { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' },
    });
  });

  it('a tampered payload (exp in the past) with the original signature: 401 ERR_JWS_SIGNATURE_VERIFICATION_FAILED', async () => {
    const [header, payload, signature] = jwtParts(m2mToken);
    const claims = decodePart(payload);
    const expired = { ...claims, exp: Math.floor(Date.now() / 1000) - 3600 };
    const response = await callWith(`Bearer ${header}.${base64urlJson(expired)}.${signature}`);
    expectLogtoError(response, 401, {
      code: 'auth.unauthorized',
      data: { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' },
    });
  });

  it('alg "none" with an empty signature: 401 ERR_JOSE_NOT_SUPPORTED', async () => {
    const [header, payload] = jwtParts(m2mToken);
    const none = base64urlJson({ ...decodePart(header), alg: 'none' });
    const response = await callWith(`Bearer ${none}.${payload}.`);
    expectLogtoError(response, 401, {
      code: 'auth.unauthorized',
      message: UNAUTHORIZED,
      data: { code: 'ERR_JOSE_NOT_SUPPORTED', name: 'JOSENotSupported' },
    });
    expectNoChallenge(response);
  });

  it('alg switched to HS256: 401 ERR_JOSE_NOT_SUPPORTED', async () => {
    const [header, payload, signature] = jwtParts(m2mToken);
    const hs256 = base64urlJson({ ...decodePart(header), alg: 'HS256' });
    const response = await callWith(`Bearer ${hs256}.${payload}.${signature}`);
    expectLogtoError(response, 401, {
      code: 'auth.unauthorized',
      data: { code: 'ERR_JOSE_NOT_SUPPORTED', name: 'JOSENotSupported' },
    });
  });
});

describe('Management API with end-user tokens', () => {
  let session: TokenSession;
  let opaqueAccessToken: string;
  let organizationId: string;

  beforeAll(async () => {
    const user = await fixtures.createUser();
    const organization = await fixtures.createOrganization();
    organizationId = organization.id;
    await fixtures.addMembers(organization.id, [user.id]);
    const signIn = await signInWithPassword({
      ...webApp,
      identifier: { type: 'username', value: user.username },
      password: user.password,
    });
    opaqueAccessToken = signIn.accessToken;
    session = new TokenSession(webApp, signIn.refreshToken);
  });

  it('an organization token: 401 ERR_JWT_CLAIM_VALIDATION_FAILED on aud', async () => {
    const organizationToken = expectJson(await session.organizationToken(organizationId), 200, tokenResponseSchema);
    const response = await callWith(`Bearer ${organizationToken.access_token}`);
    expectLogtoError(response, 401, {
      code: 'auth.unauthorized',
      message: UNAUTHORIZED,
      data: {
        code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
        name: 'JWTClaimValidationFailed',
        claim: 'aud',
        reason: 'check_failed',
      },
    });
    expectNoChallenge(response);
  });

  it('an opaque end-user access token: 401 ERR_JWS_INVALID', async () => {
    const response = await callWith(`Bearer ${opaqueAccessToken}`);
    expectLogtoError(response, 401, {
      code: 'auth.unauthorized',
      message: UNAUTHORIZED,
      data: { code: 'ERR_JWS_INVALID', name: 'JWSInvalid' },
    });
  });
});
