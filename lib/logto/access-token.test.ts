import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTHeaderParameters,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { OrganizationScope } from '@/lib/auth/scopes';

import {
  ACCEPTED_ALGORITHMS,
  AccessTokenError,
  accessTokenVerifierFor,
  algorithmsForKey,
  algorithmsOfKeySet,
  createAccessTokenVerifier,
  type AccessTokenVerifierOptions,
  type CachedAccessToken,
  type KeySet,
} from './access-token';
import { VerifiedTokenCache } from './verified-token-cache';

const ENDPOINT = 'https://tenant.example.com';
const ISSUER = `${ENDPOINT}/oidc`;
const ORG = 'ewb37p1h29dr';
const OTHER_ORG = 'hqytbv72jstt';
const USER = 'w4pcsq1xd0ua';
const APP = 'sniysw14ritk6o0di4wgn';
const KID = 'logto-es384';
const RESOURCE = 'https://api.saas-starter.test';
const NOW = 1_795_862_042; // seconds, as in the Logto samples
const TOLERANCE = 60;

interface KeyPair {
  publicKey: CryptoKey;
  privateKey: CryptoKey;
}

let logto: KeyPair; // the issuer's real key
let attacker: KeyPair; // same curve, not in the JWKS
let es256: KeyPair; // in the JWKS, published for ES256
let rs256: KeyPair; // in the JWKS, published for RS256
let ps256: KeyPair; // not in the JWKS
let logtoJwk: JWK;
let jwksDocument: { keys: JWK[] };

beforeAll(async () => {
  [logto, attacker, es256, rs256, ps256] = await Promise.all([
    generateKeyPair('ES384'),
    generateKeyPair('ES384'),
    generateKeyPair('ES256'),
    generateKeyPair('RS256'),
    generateKeyPair('PS256'),
  ]);
  logtoJwk = { ...(await exportJWK(logto.publicKey)), kid: KID, alg: 'ES384', use: 'sig' };
  jwksDocument = {
    keys: [
      logtoJwk,
      { ...(await exportJWK(es256.publicKey)), kid: 'es256-key', alg: 'ES256', use: 'sig' },
      { ...(await exportJWK(rs256.publicKey)), kid: 'rs256-key', alg: 'RS256', use: 'sig' },
    ],
  };
});

function claims(overrides: JWTPayload = {}): JWTPayload {
  return {
    jti: 'OnL8FD-VTleK_Spv2asjT',
    sub: USER,
    iat: NOW - 10,
    exp: NOW + 3600,
    scope: 'write:projects read:projects manage:members',
    client_id: APP,
    iss: ISSUER,
    aud: `urn:logto:organization:${ORG}`,
    ...overrides,
  };
}

interface MintOptions {
  claims?: JWTPayload;
  omit?: readonly string[];
  header?: Partial<JWTHeaderParameters>;
  key?: CryptoKey | Uint8Array;
  crit?: Record<string, boolean>;
}

let jtiCounter = 0;

/** A token shaped like a Logto organization token, with the given deviations. */
async function mint(options: MintOptions = {}): Promise<string> {
  const payload = claims(options.claims);
  for (const claim of options.omit ?? []) delete payload[claim];
  const header: JWTHeaderParameters = { alg: 'ES384', typ: 'at+jwt', kid: KID, ...options.header };
  return new SignJWT(payload)
    .setProtectedHeader(header)
    .sign(options.key ?? logto.privateKey, options.crit ? { crit: options.crit } : undefined);
}

/** Distinct valid tokens (their jti differs). */
function mintDistinct(extra: JWTPayload = {}): Promise<string> {
  jtiCounter += 1;
  return mint({ claims: { jti: `jti-${jtiCounter}`, ...extra } });
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function counting(keySet: KeySet): { jwks: KeySet; calls: () => number } {
  let calls = 0;
  const lookup: JWTVerifyGetKey = (header, token) => {
    calls += 1;
    return keySet(header, token);
  };
  return { jwks: Object.assign(lookup, { jwks: () => keySet.jwks() }), calls: () => calls };
}

function setup(options: Partial<AccessTokenVerifierOptions> = {}, keySet: { keys: JWK[] } = jwksDocument) {
  const clock = { seconds: NOW };
  const keys = counting(createLocalJWKSet(keySet));
  const cache = options.cache ?? new VerifiedTokenCache<CachedAccessToken>();
  const verifier = createAccessTokenVerifier({
    issuer: ISSUER,
    jwks: keys.jwks,
    now: () => clock.seconds * 1000,
    ...options,
    cache,
  });
  return {
    verify: verifier.verifyOrganizationToken,
    verifyResource: verifier.verifyResourceToken,
    clock,
    cache,
    keyLookups: keys.calls,
  };
}

async function refusal(promise: Promise<unknown>): Promise<AccessTokenError> {
  const error: unknown = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  if (!(error instanceof AccessTokenError)) {
    throw new Error(`expected an AccessTokenError, got ${String(error)}`);
  }
  return error;
}

describe('verifyOrganizationToken: a valid token', () => {
  it('returns the verified identity and every granted scope', async () => {
    const { verify } = setup();
    const token = await mint();
    const verified = await verify(token, ORG, ['read:projects', 'write:projects']);
    expect(verified).toEqual({
      organizationId: ORG,
      userId: USER,
      clientId: APP,
      subjectType: 'user',
      scopes: new Set(['write:projects', 'read:projects', 'manage:members']),
      expiresAt: NOW + 3600,
      issuedAt: NOW - 10,
      tokenId: 'OnL8FD-VTleK_Spv2asjT',
    });
  });

  it('marks a machine-to-machine token (sub = client_id) as an application', async () => {
    const { verify } = setup();
    const token = await mint({ claims: { sub: APP, scope: '' } });
    const verified = await verify(token, ORG, []);
    expect(verified.subjectType).toBe('application');
    expect(verified.userId).toBe(APP);
    expect(verified.clientId).toBe(APP);
  });

  const accepted: { name: string; options: MintOptions; scopes?: OrganizationScope[] }[] = [
    { name: 'expired, but within the clock tolerance', options: { claims: { exp: NOW - 30 } } },
    { name: 'nbf within the clock tolerance', options: { claims: { nbf: NOW + 30 } } },
    { name: 'nbf in the past', options: { claims: { nbf: NOW - 30 } } },
    { name: 'iat slightly in the future (clock skew)', options: { claims: { iat: NOW + 30 } } },
    { name: 'typ application/at+jwt (RFC 9068 section 4)', options: { header: { typ: 'application/at+jwt' } } },
    { name: 'aud as a one-element array', options: { claims: { aud: [`urn:logto:organization:${ORG}`] } } },
    { name: 'no scope required, empty scope claim', options: { claims: { scope: '' } }, scopes: [] },
    { name: 'no scope required, no scope claim', options: { omit: ['scope'] }, scopes: [] },
    { name: 'extra spaces in the scope claim', options: { claims: { scope: '  read:projects   write:projects ' } } },
  ];

  it.each(accepted)('accepts $name', async ({ options, scopes }) => {
    const { verify } = setup();
    const verified = await verify(await mint(options), ORG, scopes ?? ['read:projects']);
    expect(verified.organizationId).toBe(ORG);
  });
});

describe('verifyOrganizationToken: refused tokens', () => {
  interface RefusalCase {
    name: string;
    token: () => Promise<string>;
    organizationId?: string;
    scopes?: OrganizationScope[];
    kind?: 'invalid_token' | 'insufficient_scope';
    reason: RegExp;
    /** Refused before any key lookup. */
    noKeyLookup?: boolean;
  }

  const cases: RefusalCase[] = [
    { name: 'not a JWT', token: async () => 'not-a-jwt', reason: /ERR_JWS_INVALID/, noKeyLookup: true },
    { name: 'empty token', token: async () => '', reason: /empty token/, noKeyLookup: true },
    {
      name: 'five segments (a JWE)',
      token: async () => 'a.b.c.d.e',
      reason: /ERR_JWS_INVALID/,
      noKeyLookup: true,
    },
    {
      name: 'signed by another key under the issuer kid',
      token: () => mint({ key: attacker.privateKey }),
      reason: /ERR_JWS_SIGNATURE_VERIFICATION_FAILED/,
    },
    {
      name: 'payload changed after signing (scope escalation)',
      token: async () => {
        const [header, , signature] = (await mint({ claims: { scope: 'read:projects' } })).split('.');
        const forged = base64url(claims({ scope: 'delete:organization' }));
        return `${header}.${forged}.${signature}`;
      },
      scopes: ['delete:organization'],
      reason: /ERR_JWS_SIGNATURE_VERIFICATION_FAILED/,
    },
    {
      name: 'alg none',
      token: async () => `${base64url({ alg: 'none', typ: 'at+jwt' })}.${base64url(claims())}.`,
      reason: /ERR_JOSE_ALG_NOT_ALLOWED/,
      noKeyLookup: true,
    },
    {
      name: 'HS256 keyed with the public key (PEM)',
      token: async () =>
        mint({
          header: { alg: 'HS256' },
          key: new TextEncoder().encode(await exportSPKI(logto.publicKey)),
        }),
      reason: /ERR_JOSE_ALG_NOT_ALLOWED/,
      noKeyLookup: true,
    },
    {
      name: 'HS256 keyed with the public key (JWK JSON)',
      token: async () =>
        mint({ header: { alg: 'HS256' }, key: new TextEncoder().encode(JSON.stringify(logtoJwk)) }),
      reason: /ERR_JOSE_ALG_NOT_ALLOWED/,
      noKeyLookup: true,
    },
    {
      name: 'ES256 under the kid of the ES384 key (the key decides, not the header)',
      token: () => mint({ header: { alg: 'ES256' }, key: es256.privateKey }),
      reason: /the key "logto-es384" does not verify "alg" ES256/,
      noKeyLookup: true,
    },
    {
      name: 'ES384 under the kid of the ES256 key',
      token: () => mint({ header: { kid: 'es256-key' } }),
      reason: /the key "es256-key" does not verify "alg" ES384/,
      noKeyLookup: true,
    },
    {
      name: 'RS256 under the kid of the EC key',
      token: () => mint({ header: { alg: 'RS256' }, key: rs256.privateKey }),
      reason: /the key "logto-es384" does not verify "alg" RS256/,
      noKeyLookup: true,
    },
    {
      name: "PS256 under the kid of a key published for RS256 (the key's alg decides)",
      token: () => mint({ header: { alg: 'PS256', kid: 'rs256-key' }, key: ps256.privateKey }),
      reason: /the key "rs256-key" does not verify "alg" PS256/,
      noKeyLookup: true,
    },
    {
      name: 'HS256 under the kid of the RSA key, keyed with its public key',
      token: async () =>
        mint({ header: { alg: 'HS256', kid: 'rs256-key' }, key: new TextEncoder().encode(await exportSPKI(rs256.publicKey)) }),
      reason: /ERR_JOSE_ALG_NOT_ALLOWED/,
      noKeyLookup: true,
    },
    {
      name: 'unknown kid',
      token: () => mint({ header: { kid: 'rotated-away' } }),
      reason: /ERR_JWKS_NO_MATCHING_KEY/,
    },
    {
      name: 'expired beyond the clock tolerance',
      token: () => mint({ claims: { exp: NOW - TOLERANCE - 1 } }),
      reason: /ERR_JWT_EXPIRED/,
    },
    {
      name: 'not yet valid (nbf)',
      token: () => mint({ claims: { nbf: NOW + TOLERANCE + 5 } }),
      reason: /ERR_JWT_CLAIM_VALIDATION_FAILED.*nbf/,
    },
    {
      name: 'iat in the future',
      token: () => mint({ claims: { iat: NOW + TOLERANCE + 5 } }),
      reason: /"iat" is in the future/,
    },
    {
      name: 'wrong issuer',
      token: () => mint({ claims: { iss: 'https://evil.example.com/oidc' } }),
      reason: /ERR_JWT_CLAIM_VALIDATION_FAILED.*"iss"/,
    },
    {
      name: 'issuer with a trailing slash (exact match only)',
      token: () => mint({ claims: { iss: `${ISSUER}/` } }),
      reason: /"iss"/,
    },
    {
      name: "another organization's token",
      token: () => mint({ claims: { aud: `urn:logto:organization:${OTHER_ORG}` } }),
      reason: /token is for organization hqytbv72jstt, request is for ewb37p1h29dr/,
    },
    {
      name: 'a resource access token for the app API (aud = resource indicator)',
      token: () => mint({ claims: { aud: 'https://api.saas-starter.test', scope: 'create:organizations' } }),
      reason: /audience is not exactly one organization/,
    },
    {
      name: 'an M2M resource token carrying organization_id',
      token: () =>
        mint({ claims: { aud: 'https://default.logto.app/api', organization_id: ORG, sub: APP } }),
      reason: /audience is not exactly one organization/,
    },
    {
      name: 'aud naming two organizations',
      token: () =>
        mint({ claims: { aud: [`urn:logto:organization:${ORG}`, `urn:logto:organization:${OTHER_ORG}`] } }),
      reason: /audience is not exactly one organization/,
    },
    {
      name: 'aud naming the organization and an API resource',
      token: () => mint({ claims: { aud: [`urn:logto:organization:${ORG}`, 'https://api.saas-starter.test'] } }),
      reason: /audience is not exactly one organization/,
    },
    {
      name: 'aud as an empty array',
      token: () => mint({ claims: { aud: [] } }),
      reason: /audience is not exactly one organization/,
    },
    {
      name: 'aud with a prefix-extended organization id',
      token: () => mint({ claims: { aud: `urn:logto:organization:${ORG}:extra` } }),
      reason: /audience is not exactly one organization/,
    },
    {
      name: 'an ID token (typ JWT, aud = client id)',
      token: () => mint({ header: { typ: 'JWT' }, claims: { aud: APP, at_hash: 'x' } }),
      reason: /"typ"/,
    },
    {
      name: 'an ID-token-typed token with an organization audience',
      token: () => mint({ header: { typ: 'JWT' } }),
      reason: /"typ"/,
    },
    { name: 'missing typ', token: () => mint({ header: { typ: undefined } }), reason: /"typ"/ },
    { name: 'missing sub', token: () => mint({ omit: ['sub'] }), reason: /missing required "sub"/ },
    {
      name: 'missing client_id',
      token: () => mint({ omit: ['client_id'] }),
      reason: /missing required "client_id"/,
    },
    { name: 'missing jti', token: () => mint({ omit: ['jti'] }), reason: /missing required "jti"/ },
    { name: 'missing exp', token: () => mint({ omit: ['exp'] }), reason: /missing required "exp"/ },
    { name: 'missing iat', token: () => mint({ omit: ['iat'] }), reason: /missing required "iat"/ },
    { name: 'missing iss', token: () => mint({ omit: ['iss'] }), reason: /missing required "iss"/ },
    { name: 'missing aud', token: () => mint({ omit: ['aud'] }), reason: /missing required "aud"/ },
    { name: 'empty sub', token: () => mint({ claims: { sub: '' } }), reason: /malformed claims: sub/ },
    {
      name: 'numeric client_id',
      token: () => mint({ claims: { client_id: 42 } }),
      reason: /malformed claims: client_id/,
    },
    {
      name: 'scope claim that is an array',
      token: () => mint({ claims: { scope: ['read:projects'] } }),
      reason: /malformed claims: scope/,
    },
    {
      name: 'scope claim that is null',
      token: () => mint({ claims: { scope: null } }),
      reason: /malformed claims: scope/,
    },
    {
      name: 'jku header (key from a URL named by the token)',
      token: () => mint({ header: { jku: 'https://evil.example.com/jwks' } }),
      reason: /"jku"/,
      noKeyLookup: true,
    },
    {
      name: 'x5u header',
      token: () => mint({ header: { x5u: 'https://evil.example.com/cert.pem' } }),
      reason: /"x5u"/,
      noKeyLookup: true,
    },
    {
      name: 'jwk header (embedded attacker key, signed with it)',
      token: async () =>
        mint({
          header: { jwk: await exportJWK(attacker.publicKey), kid: undefined },
          key: attacker.privateKey,
        }),
      reason: /"jwk"/,
      noKeyLookup: true,
    },
    {
      name: 'crit header with an unknown extension',
      token: () => mint({ header: { crit: ['x-ext'], 'x-ext': 1 }, crit: { 'x-ext': true } }),
      reason: /ERR_JOSE_NOT_SUPPORTED/,
      noKeyLookup: true,
    },
    {
      name: 'crit header with an extension jose understands (b64)',
      token: () => mint({ header: { crit: ['b64'], b64: true } }),
      reason: /"crit"/,
      noKeyLookup: true,
    },
    {
      name: 'malformed organization id in the request',
      token: () => mint(),
      organizationId: `${ORG}:x`,
      reason: /organization id from the request is malformed/,
      noKeyLookup: true,
    },
    {
      name: 'empty organization id in the request',
      token: () => mint(),
      organizationId: '',
      reason: /organization id from the request is malformed/,
      noKeyLookup: true,
    },
    {
      name: 'path-like organization id in the request',
      token: () => mint(),
      organizationId: '../admin',
      reason: /organization id from the request is malformed/,
      noKeyLookup: true,
    },
    {
      name: 'missing scope claim',
      token: () => mint({ omit: ['scope'] }),
      kind: 'insufficient_scope',
      reason: /missing scopes: read:projects/,
    },
    {
      name: 'empty scope claim (org scopes not requested at sign-in)',
      token: () => mint({ claims: { scope: '' } }),
      kind: 'insufficient_scope',
      reason: /missing scopes: read:projects/,
    },
    {
      name: 'scope substring trick (read:projects-extra)',
      token: () => mint({ claims: { scope: 'read:projects-extra xread:projects read:project' } }),
      kind: 'insufficient_scope',
      reason: /missing scopes: read:projects$/,
    },
    {
      name: 'one of two required scopes',
      token: () => mint({ claims: { scope: 'read:projects' } }),
      scopes: ['read:projects', 'write:projects'],
      kind: 'insufficient_scope',
      reason: /missing scopes: write:projects$/,
    },
    {
      name: 'scopes joined by a comma',
      token: () => mint({ claims: { scope: 'read:projects,write:projects' } }),
      kind: 'insufficient_scope',
      reason: /missing scopes: read:projects$/,
    },
  ];

  it.each(cases)('refuses $name', async (testCase) => {
    const { verify, keyLookups, cache } = setup();
    const token = await testCase.token();
    const error = await refusal(
      verify(token, testCase.organizationId ?? ORG, testCase.scopes ?? ['read:projects']),
    );
    expect(error.kind).toBe(testCase.kind ?? 'invalid_token');
    expect(error.reason).toMatch(testCase.reason);
    expect(error.status).toBe(error.kind === 'invalid_token' ? 401 : 403);
    // The client-facing text never carries the internal reason.
    expect(error.message).toBe(error.description);
    expect(error.description).not.toContain(error.reason);
    if (testCase.noKeyLookup) expect(keyLookups()).toBe(0);
    // Only a token that passed every token-level check is cached; the organization and
    // scope checks are per request.
    const tokenItselfValid = error.kind === 'insufficient_scope' || testCase.name === "another organization's token";
    expect(cache.size).toBe(tokenItselfValid ? 1 : 0);
  });

  it('describes an expired token as expired', async () => {
    const { verify } = setup();
    const error = await refusal(verify(await mint({ claims: { exp: NOW - 3600 } }), ORG, []));
    expect(error.description).toBe('The access token expired');
  });

  it('names every required scope for insufficient_scope (RFC 6750 section 3)', async () => {
    const { verify } = setup();
    const token = await mint({ claims: { scope: 'read:projects' } });
    const error = await refusal(verify(token, ORG, ['read:projects', 'write:projects']));
    expect(error.requiredScope).toBe('read:projects write:projects');
    expect(error.toBearerChallenge()).toEqual({
      error: 'insufficient_scope',
      description: error.description,
      reason: 'missing scopes: write:projects',
      scope: 'read:projects write:projects',
    });
  });

  it("describes another organization's token without the internals", async () => {
    const { verify } = setup();
    const token = await mint({ claims: { aud: `urn:logto:organization:${OTHER_ORG}` } });
    const error = await refusal(verify(token, ORG, []));
    expect(error.description).toBe('The access token is not valid for this organization');
    expect(error.toBearerChallenge()).not.toHaveProperty('scope');
  });
});

describe('verifyOrganizationToken: key set failures are not token failures', () => {
  it.each([
    ['network error', new TypeError('fetch failed')],
    ['JWKS timeout', new errors.JWKSTimeout()],
    ['JWKS endpoint answered non-200', new errors.JOSEError('Expected 200 OK')],
  ])('rethrows a %s as is (a 5xx, not a 401)', async (_name, failure) => {
    const { verifyOrganizationToken: verify } = createAccessTokenVerifier({
      issuer: ISSUER,
      jwks: Object.assign(() => Promise.reject(failure), { jwks: () => undefined }),
      now: () => NOW * 1000,
    });
    await expect(verify(await mint(), ORG, [])).rejects.toBe(failure);
  });
});

describe('createAccessTokenVerifier options', () => {
  it.each([61, -1, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses a clock tolerance of %s seconds',
    (clockToleranceSeconds) => {
      expect(() =>
        createAccessTokenVerifier({
          issuer: ISSUER,
          jwks: createLocalJWKSet({ keys: [] }),
          clockToleranceSeconds,
        }),
      ).toThrow(RangeError);
    },
  );

  it('applies a smaller clock tolerance', async () => {
    const { verify } = setup({ clockToleranceSeconds: 5 });
    const error = await refusal(verify(await mint({ claims: { exp: NOW - 30 } }), ORG, []));
    expect(error.reason).toMatch(/ERR_JWT_EXPIRED/);
  });

  it('refuses an empty issuer', () => {
    expect(() =>
      createAccessTokenVerifier({ issuer: '', jwks: createLocalJWKSet({ keys: [] }) }),
    ).toThrow(TypeError);
  });
});

describe('verified-token cache', () => {
  it('checks the signature of a repeated token once', async () => {
    const { verify, keyLookups } = setup();
    const token = await mint();
    for (let i = 0; i < 5; i += 1) {
      await verify(token, ORG, ['read:projects']);
    }
    expect(keyLookups()).toBe(1);
  });

  it('hands out a fresh scope set each time, so a caller cannot widen a cached token', async () => {
    const { verify } = setup();
    const token = await mint({ claims: { scope: 'read:projects' } });
    const first = await verify(token, ORG, ['read:projects']);
    (first.scopes as Set<string>).add('delete:organization');
    await expect(refusal(verify(token, ORG, ['delete:organization']))).resolves.toMatchObject({
      kind: 'insufficient_scope',
    });
  });

  it('refuses a cached token once it expires', async () => {
    const { verify, clock } = setup();
    const token = await mint({ claims: { exp: NOW + 100 } });
    await verify(token, ORG, []);
    clock.seconds = NOW + 100 + TOLERANCE - 1;
    await expect(verify(token, ORG, [])).resolves.toMatchObject({ organizationId: ORG });
    clock.seconds = NOW + 100 + TOLERANCE;
    const error = await refusal(verify(token, ORG, []));
    expect(error.description).toBe('The access token expired');
  });

  it('re-checks expiry on a hit even if the cache would keep the entry longer', async () => {
    // A cache entry set by hand with a later eviction time stands for any cache bug.
    const cache = new VerifiedTokenCache<CachedAccessToken>();
    const { verify, clock } = setup({ cache });
    const token = await mint({ claims: { exp: NOW + 100 } });
    await verify(token, ORG, []);
    cache.set(
      token,
      {
        issuer: ISSUER,
        audience: { kind: 'organization', organizationId: ORG },
        subject: USER,
        clientId: APP,
        scopes: [],
        expiresAt: NOW + 100,
        issuedAt: NOW,
        tokenId: 't',
      },
      NOW + 10_000,
    );
    clock.seconds = NOW + 100 + TOLERANCE;
    const error = await refusal(verify(token, ORG, []));
    expect(error.reason).toBe('"exp" has passed');
  });

  it("refuses organization A's cached token on organization B", async () => {
    const { verify, keyLookups } = setup();
    const token = await mint();
    await verify(token, ORG, ['read:projects']);
    const error = await refusal(verify(token, OTHER_ORG, ['read:projects']));
    expect(error.kind).toBe('invalid_token');
    expect(error.reason).toMatch(/token is for organization ewb37p1h29dr/);
    expect(keyLookups()).toBe(1); // refused from the cache, not by a second verification
  });

  it('checks scopes against the cached claims on every request', async () => {
    const { verify, keyLookups } = setup();
    const token = await mint({ claims: { scope: 'read:projects' } });
    await verify(token, ORG, ['read:projects']);
    const error = await refusal(verify(token, ORG, ['write:projects']));
    expect(error.kind).toBe('insufficient_scope');
    expect(keyLookups()).toBe(1);
  });

  it('caches a valid token refused for scope, so a lesser route still gets the hit', async () => {
    const { verify, keyLookups, cache } = setup();
    const token = await mint({ claims: { scope: 'read:projects' } });
    await refusal(verify(token, ORG, ['write:projects']));
    expect(cache.size).toBe(1);
    await verify(token, ORG, ['read:projects']);
    expect(keyLookups()).toBe(1);
  });

  it.each([
    ['a bad signature', { key: 'attacker' }],
    ['an expired token', { claims: { exp: NOW - 3600 } }],
    ['a wrong issuer', { claims: { iss: 'https://evil.example.com/oidc' } }],
    ['a non-organization audience', { claims: { aud: 'https://api.saas-starter.test' } }],
  ] as const)('never caches %s', async (_name, deviation) => {
    const { verify, keyLookups, cache } = setup();
    const token = await mint({
      ...('claims' in deviation ? { claims: deviation.claims } : {}),
      ...('key' in deviation ? { key: attacker.privateKey } : {}),
    });
    await refusal(verify(token, ORG, []));
    await refusal(verify(token, ORG, []));
    expect(cache.size).toBe(0);
    expect(keyLookups()).toBe(2);
  });

  it('refuses a cached token on a verifier for another issuer sharing the cache', async () => {
    const cache = new VerifiedTokenCache<CachedAccessToken>();
    const { verify } = setup({ cache });
    const token = await mint();
    await verify(token, ORG, []);
    const other = setup({ cache, issuer: 'https://other.example.com/oidc' });
    const error = await refusal(other.verify(token, ORG, []));
    expect(error.reason).toMatch(/another issuer/);
    expect(other.keyLookups()).toBe(0);
  });

  it('evicts the least recently used token at the size bound', async () => {
    const cache = new VerifiedTokenCache<CachedAccessToken>({ maxEntries: 3 });
    const { verify, keyLookups } = setup({ cache });
    const [a, b, c, d] = await Promise.all([mintDistinct(), mintDistinct(), mintDistinct(), mintDistinct()]);
    if (a === undefined || b === undefined || c === undefined || d === undefined) throw new Error('mint');
    for (const token of [a, b, c]) await verify(token, ORG, []);
    await verify(a, ORG, []); // a becomes the most recently used
    expect(keyLookups()).toBe(3);
    await verify(d, ORG, []); // evicts b
    expect(cache.size).toBe(3);
    expect(keyLookups()).toBe(4);
    await verify(a, ORG, []);
    await verify(c, ORG, []);
    await verify(d, ORG, []);
    expect(keyLookups()).toBe(4);
    await verify(b, ORG, []);
    expect(keyLookups()).toBe(5);
  });
});

describe('remote JWKS', () => {
  let server: Server;
  let jwksRequests = 0;
  let endpoint = '';

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/oidc/jwks') {
        jwksRequests += 1;
        response.writeHead(200, { 'content-type': 'application/jwk-set+json' });
        response.end(JSON.stringify(jwksDocument));
        return;
      }
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
  });

  it('verifies a thousand distinct tokens with one key set fetch', async () => {
    jwksRequests = 0;
    const { verifyOrganizationToken: verify } = createAccessTokenVerifier({
      issuer: `${endpoint}/oidc`,
      jwks: createRemoteJWKSet(new URL(`${endpoint}/oidc/jwks`)),
      now: () => NOW * 1000,
    });
    const tokens = await Promise.all(
      Array.from({ length: 1000 }, (_, index) =>
        mint({ claims: { jti: `remote-${index}`, iss: `${endpoint}/oidc` } }),
      ),
    );
    // A cold burst first: concurrent requests share the one in-flight fetch.
    const burst = await Promise.all(tokens.slice(0, 50).map((token) => verify(token, ORG, ['read:projects'])));
    expect(burst).toHaveLength(50);
    for (const token of tokens.slice(50)) {
      await verify(token, ORG, ['read:projects']);
    }
    expect(jwksRequests).toBe(1);

    // Unknown kids inside jose's refetch cooldown do not turn into a fetch each.
    for (let index = 0; index < 10; index += 1) {
      const stranger = await mint({ header: { kid: `unknown-${index}` }, claims: { iss: `${endpoint}/oidc` } });
      await refusal(verify(stranger, ORG, []));
    }
    expect(jwksRequests).toBe(1);
  });

  it('accessTokenVerifierFor builds one verifier (one key set) per endpoint for both token kinds', async () => {
    jwksRequests = 0;
    const verifier = accessTokenVerifierFor(endpoint);
    expect(accessTokenVerifierFor(`${endpoint}/`)).toBe(verifier);
    expect(accessTokenVerifierFor('https://other.example.com')).not.toBe(verifier);
    const verify = verifier.verifyOrganizationToken;

    const now = Math.floor(Date.now() / 1000);
    const token = await mint({ claims: { iss: `${endpoint}/oidc`, iat: now, exp: now + 3600 } });
    await expect(verify(token, ORG, ['read:projects'])).resolves.toMatchObject({ userId: USER });
    await expect(accessTokenVerifierFor(endpoint).verifyOrganizationToken(token, ORG, ['read:projects'])).resolves.toMatchObject({
      userId: USER,
    });
    const resourceToken = await mint({ claims: { iss: `${endpoint}/oidc`, iat: now, exp: now + 3600, aud: RESOURCE, scope: 'create:organizations' } });
    await expect(verifier.verifyResourceToken(resourceToken, RESOURCE, ['create:organizations'])).resolves.toMatchObject({
      userId: USER,
      resource: RESOURCE,
    });
    expect(jwksRequests).toBe(1);
  });

  it.each(['not a url', 'ftp://tenant.example.com', 'https://tenant.example.com/?x=1'])(
    'accessTokenVerifierFor refuses the endpoint %s',
    (value) => {
      expect(() => accessTokenVerifierFor(value)).toThrow(TypeError);
    },
  );
});

describe('algorithms: exactly what the published keys verify', () => {
  type Algorithm = (typeof ACCEPTED_ALGORITHMS)[number];

  async function publishedKey(alg: Algorithm, kid: string, { withAlg = true } = {}) {
    const pair = await generateKeyPair(alg, { extractable: true });
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid, use: 'sig', ...(withAlg ? { alg } : {}) };
    return { pair, jwk };
  }

  function tokenFor(alg: string, kid: string, key: CryptoKey | Uint8Array, extra: JWTPayload = {}) {
    return mint({ header: { alg, kid }, key, claims: extra });
  }

  it.each(ACCEPTED_ALGORITHMS.map((alg) => [alg]))('accepts %s from a key published for it', async (alg) => {
    const { pair, jwk } = await publishedKey(alg, `${alg}-key`);
    const { verify } = setup({}, { keys: [jwk] });
    await expect(verify(await tokenFor(alg, `${alg}-key`, pair.privateKey), ORG, ['read:projects'])).resolves.toMatchObject({
      organizationId: ORG,
    });
  });

  it.each(ACCEPTED_ALGORITHMS.map((alg) => [alg]))('accepts %s from a key without "alg" whose type and curve allow it', async (alg) => {
    const { pair, jwk } = await publishedKey(alg, 'no-alg', { withAlg: false });
    const { verify } = setup({}, { keys: [jwk] });
    await expect(verify(await tokenFor(alg, 'no-alg', pair.privateKey), ORG, [])).resolves.toMatchObject({ organizationId: ORG });
  });

  it('after a rotation to RSA: accepts RS256 from the new key, refuses ES384 under the old kid', async () => {
    const { pair, jwk } = await publishedKey('RS256', 'rsa-2026');
    const { verify } = setup({}, { keys: [jwk] });
    await expect(verify(await tokenFor('RS256', 'rsa-2026', pair.privateKey), ORG, ['read:projects'])).resolves.toMatchObject({
      userId: USER,
    });
    const old = await refusal(verify(await mint(), ORG, []));
    expect(old.reason).toMatch(/ERR_JWKS_NO_MATCHING_KEY/);
    // The RSA key signs RS256 only: the same key under another RSA algorithm is refused.
    const pss = await refusal(verify(await tokenFor('PS256', 'rsa-2026', ps256.privateKey), ORG, []));
    expect(pss.reason).toMatch(/the key "rsa-2026" does not verify "alg" PS256/);
  });

  it('with an EC and an RSA key published: each verifies its own tokens and only those', async () => {
    const { pair, jwk } = await publishedKey('RS256', 'rsa-2026');
    const { verify } = setup({}, { keys: [logtoJwk, jwk] });
    await expect(verify(await mint(), ORG, [])).resolves.toMatchObject({ organizationId: ORG });
    await expect(verify(await tokenFor('RS256', 'rsa-2026', pair.privateKey), ORG, [])).resolves.toMatchObject({ organizationId: ORG });
    const rsUnderEc = await refusal(verify(await tokenFor('RS256', KID, pair.privateKey), ORG, []));
    expect(rsUnderEc.reason).toMatch(/the key "logto-es384" does not verify "alg" RS256/);
    const esUnderRsa = await refusal(verify(await tokenFor('ES384', 'rsa-2026', logto.privateKey), ORG, []));
    expect(esUnderRsa.reason).toMatch(/the key "rsa-2026" does not verify "alg" ES384/);
  });

  it.each([
    ['HS256 keyed with the RSA public key (PEM)', 'HS256'],
    ['HS512 keyed with the RSA public key (PEM)', 'HS512'],
  ])('refuses %s after a rotation to RSA, before any key lookup', async (_name, alg) => {
    const { jwk } = await publishedKey('RS256', 'rsa-2026');
    const { verify, keyLookups } = setup({}, { keys: [jwk] });
    const pem = new TextEncoder().encode(await exportSPKI(rs256.publicKey));
    const error = await refusal(verify(await tokenFor(alg, 'rsa-2026', pem), ORG, []));
    expect(error.reason).toMatch(/ERR_JOSE_ALG_NOT_ALLOWED/);
    expect(keyLookups()).toBe(0);
  });

  it('refuses alg none whatever the key set holds', async () => {
    const { jwk } = await publishedKey('RS256', 'rsa-2026');
    const { verify, keyLookups } = setup({}, { keys: [jwk, logtoJwk] });
    const error = await refusal(verify(`${base64url({ alg: 'none', typ: 'at+jwt', kid: 'rsa-2026' })}.${base64url(claims())}.`, ORG, []));
    expect(error.reason).toMatch(/ERR_JOSE_ALG_NOT_ALLOWED/);
    expect(keyLookups()).toBe(0);
  });

  it('refuses HS256 even when the key set publishes a symmetric key for it', async () => {
    const secret = new TextEncoder().encode('a-shared-secret-of-thirty-two-bytes!');
    const { verify, keyLookups } = setup({}, { keys: [{ kty: 'oct', k: Buffer.from(secret).toString('base64url'), alg: 'HS256', kid: 'sym' }] });
    const error = await refusal(verify(await tokenFor('HS256', 'sym', secret), ORG, []));
    expect(error.reason).toMatch(/ERR_JOSE_ALG_NOT_ALLOWED/);
    expect(keyLookups()).toBe(0);
  });

  it('follows a remote key set through a rotation to RSA', async () => {
    const ec = logtoJwk;
    const { pair, jwk: rsa } = await publishedKey('RS256', 'rsa-2026');
    let published: { keys: JWK[] } = { keys: [ec] };
    let fetches = 0;
    const server = createServer((_request, response) => {
      fetches += 1;
      response.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify(published));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oidc`;
      const { verifyOrganizationToken: verify } = createAccessTokenVerifier({
        issuer,
        // No refetch cooldown, so the rotation is seen at once.
        jwks: createRemoteJWKSet(new URL(`${issuer}/jwks`), { cooldownDuration: 0 }),
        now: () => NOW * 1000,
      });
      await expect(verify(await mint({ claims: { iss: issuer, jti: 'before' } }), ORG, [])).resolves.toMatchObject({ organizationId: ORG });

      published = { keys: [rsa] };
      await expect(verify(await tokenFor('RS256', 'rsa-2026', pair.privateKey, { iss: issuer }), ORG, [])).resolves.toMatchObject({
        organizationId: ORG,
      });
      expect(fetches).toBe(2);
      const old = await refusal(verify(await mint({ claims: { iss: issuer, jti: 'after' } }), ORG, []));
      expect(old.reason).toMatch(/ERR_JWKS_NO_MATCHING_KEY/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.each<[string, JWK, Algorithm[]]>([
    ['an EC P-384 key published for ES384', { kty: 'EC', crv: 'P-384', alg: 'ES384' }, ['ES384']],
    ['an EC P-256 key without alg', { kty: 'EC', crv: 'P-256' }, ['ES256']],
    ['an EC P-521 key without alg', { kty: 'EC', crv: 'P-521' }, ['ES512']],
    ['an RSA key published for RS256', { kty: 'RSA', alg: 'RS256' }, ['RS256']],
    ['an RSA key without alg', { kty: 'RSA' }, ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512']],
    ['an Ed25519 key', { kty: 'OKP', crv: 'Ed25519' }, ['EdDSA']],
    ['an EC key claiming RS256', { kty: 'EC', crv: 'P-384', alg: 'RS256' }, []],
    ['an EC P-384 key claiming ES256', { kty: 'EC', crv: 'P-384', alg: 'ES256' }, []],
    ['an RSA key claiming HS256', { kty: 'RSA', alg: 'HS256' }, []],
    ['a symmetric key', { kty: 'oct', alg: 'HS256' }, []],
    ['an encryption key', { kty: 'RSA', use: 'enc' }, []],
    ['an X25519 key', { kty: 'OKP', crv: 'X25519' }, []],
    ['an EC key on an unknown curve', { kty: 'EC', crv: 'secp256k1' }, []],
    ['an EC key whose curve names an object property', { kty: 'EC', crv: 'toString' }, []],
  ])('algorithmsForKey: %s may verify %j', (_name, jwk, expected) => {
    expect(algorithmsForKey(jwk)).toEqual(expected);
  });

  it("algorithmsOfKeySet: the union of the keys' algorithms, in allow-list order", () => {
    expect(algorithmsOfKeySet({ keys: [{ kty: 'RSA', alg: 'PS256' }, { kty: 'EC', crv: 'P-384', alg: 'ES384' }, { kty: 'oct', alg: 'HS256' }] })).toEqual([
      'ES384',
      'PS256',
    ]);
    expect(algorithmsOfKeySet({ keys: [] })).toEqual([]);
  });
});

describe('verifyResourceToken: resource access tokens (e.g. create:organizations)', () => {
  const resourceToken = (overrides: JWTPayload = {}) => mint({ claims: { aud: RESOURCE, scope: 'create:organizations', ...overrides } });

  it('returns the verified identity, the resource and every granted scope', async () => {
    const { verifyResource } = setup();
    await expect(verifyResource(await resourceToken(), RESOURCE, ['create:organizations'])).resolves.toEqual({
      resource: RESOURCE,
      userId: USER,
      clientId: APP,
      subjectType: 'user',
      scopes: new Set(['create:organizations']),
      expiresAt: NOW + 3600,
      issuedAt: NOW - 10,
      tokenId: 'OnL8FD-VTleK_Spv2asjT',
    });
  });

  it('accepts the resource as a one-element audience array', async () => {
    const { verifyResource } = setup();
    await expect(verifyResource(await resourceToken({ aud: [RESOURCE] }), RESOURCE, [])).resolves.toMatchObject({ resource: RESOURCE });
  });

  it.each<[string, () => Promise<string>, RegExp, AccessTokenError['kind']?]>([
    ['an organization token', () => mint(), /audience is not exactly one resource/],
    ["another resource's token", () => resourceToken({ aud: 'https://other-api.example.com' }), /token is for resource https:\/\/other-api\.example\.com/],
    ['a token for the resource and another audience', () => resourceToken({ aud: [RESOURCE, 'https://other-api.example.com'] }), /audience is not exactly one resource/],
    ['a token without the scope', () => resourceToken({ scope: 'read:projects' }), /missing scopes: create:organizations/, 'insufficient_scope'],
    ['an expired token', () => resourceToken({ exp: NOW - TOLERANCE - 1 }), /ERR_JWT_EXPIRED/],
    ['a token signed by another key', () => mint({ claims: { aud: RESOURCE, scope: 'create:organizations' }, key: attacker.privateKey }), /SIGNATURE_VERIFICATION_FAILED/],
    ['an ID token', () => mint({ header: { typ: 'JWT' }, claims: { aud: RESOURCE } }), /"typ"/],
    ['a token without jti', () => mint({ claims: { aud: RESOURCE }, omit: ['jti'] }), /missing required "jti"/],
    ['alg none', async () => `${base64url({ alg: 'none', typ: 'at+jwt' })}.${base64url(claims({ aud: RESOURCE }))}.`, /ERR_JOSE_ALG_NOT_ALLOWED/],
  ])('refuses %s', async (_name, token, reason, kind = 'invalid_token') => {
    const { verifyResource } = setup();
    const error = await refusal(verifyResource(await token(), RESOURCE, ['create:organizations']));
    expect(error.kind).toBe(kind);
    expect(error.reason).toMatch(reason);
    expect(error.status).toBe(kind === 'invalid_token' ? 401 : 403);
  });

  it('shares the cache with organization tokens, and each kind is refused on the other from it', async () => {
    const { verify, verifyResource, keyLookups, cache } = setup();
    const forResource = await resourceToken();
    const forOrganization = await mint();
    await verifyResource(forResource, RESOURCE, ['create:organizations']);
    await verify(forOrganization, ORG, ['read:projects']);
    expect(cache.size).toBe(2);
    await verifyResource(forResource, RESOURCE, ['create:organizations']);
    expect((await refusal(verify(forResource, ORG, []))).reason).toMatch(/audience is not exactly one organization/);
    expect((await refusal(verifyResource(forOrganization, RESOURCE, []))).reason).toMatch(/audience is not exactly one resource/);
    expect(keyLookups()).toBe(2);
  });

  it('refuses to check against an organization audience (a programming error)', async () => {
    const { verifyResource } = setup();
    await expect(verifyResource(await mint(), `urn:logto:organization:${ORG}`, [])).rejects.toThrow(TypeError);
  });
});
