import 'server-only';

import {
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';
import { z } from 'zod';

import { missingScopes, parseScopeClaim, type OrganizationScope } from '@/lib/auth/scopes';
import type { BearerChallenge } from '@/lib/http/rfc6750';

import { VerifiedTokenCache } from './verified-token-cache';

// The one verifier of Logto access tokens (RFC 9068 JWTs, checked per RFC 8725), for both
// kinds the app receives: organization tokens (audience `urn:logto:organization:<id>`, on
// org-scoped route handlers and actions) and resource access tokens (audience an API resource
// indicator, e.g. LOGTO_API_RESOURCE for `create:organizations`). One key set per Logto
// endpoint and process, one verified-token cache, one error type.

/**
 * The asymmetric algorithms a Logto signing key may use. Which of them a token may use is
 * decided by the key it names in Logto's JWKS (its `alg`, else its kty and crv), never by the
 * token's header alone; `none` and HMAC never (RFC 8725 sections 2.1 and 3.1).
 */
export const ACCEPTED_ALGORITHMS = [
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
] as const;

export type AcceptedAlgorithm = (typeof ACCEPTED_ALGORITHMS)[number];

/** RFC 9068 section 4; jose compares case-insensitively and accepts `application/at+jwt` too. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

export const MAX_CLOCK_TOLERANCE_SECONDS = 60;

export const ORGANIZATION_AUDIENCE_PREFIX = 'urn:logto:organization:';

// RFC 9068 section 2.2 (plus Logto's client_id); jose checks presence, the schema below types.
const REQUIRED_CLAIMS = ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'];

// Header parameters that point at or carry key material. Keys come from the issuer's JWKS
// only; a token naming its own key is an attack (RFC 8725 section 3.10), so it is refused
// rather than ignored. `crit` is refused because Logto sets none and we understand none.
const FORBIDDEN_HEADER_PARAMETERS = ['jku', 'x5u', 'jwk', 'x5c', 'crit'] as const;

// Logto organization ids are 12 lowercase alphanumerics; accept any URL-safe id so custom ids
// still work, but nothing that could bend the audience URN.
const ORGANIZATION_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

// jose error codes that mean "this token is bad". Anything else (JWKS unreachable, timeout,
// malformed key set) is our failure, not the client's, and is rethrown so it becomes a 5xx
// instead of a 401 that would send clients into a token-refresh loop.
const TOKEN_ERROR_CODES = new Set([
  'ERR_JWS_INVALID',
  'ERR_JWT_INVALID',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
  'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'ERR_JWT_EXPIRED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
]);

const accessTokenClaimsSchema = z.object({
  iss: z.string(),
  sub: z.string().min(1),
  client_id: z.string().min(1),
  jti: z.string().min(1),
  iat: z.number(),
  exp: z.number(),
  nbf: z.number().optional(),
  aud: z.union([z.string(), z.array(z.string())]),
  // Optional: Logto omits it in some M2M tokens; absent means no scopes. Present but not a
  // string is a malformed token, not "no scopes".
  scope: z.string().optional(),
});

/** What every verified access token carries, whichever its kind. */
interface VerifiedAccessToken {
  /**
   * The `sub` claim: the user id, or for a machine-to-machine app's client_credentials token
   * the app id (then equal to `clientId`; see `subjectType`).
   */
  readonly userId: string;
  /** The application the token was issued to. */
  readonly clientId: string;
  /** Logto gives an M2M app's token `sub` = its own id; user tokens never have sub = client_id. */
  readonly subjectType: 'user' | 'application';
  /** Every scope in the token, not only the required ones. A fresh copy per call. */
  readonly scopes: ReadonlySet<string>;
  /** The `exp` claim, in seconds since the epoch. */
  readonly expiresAt: number;
  /** The `iat` claim, in seconds since the epoch (checked against the revocation record). */
  readonly issuedAt: number;
  /** The `jti` claim. */
  readonly tokenId: string;
}

export interface VerifiedOrganizationToken extends VerifiedAccessToken {
  readonly organizationId: string;
}

export interface VerifiedResourceToken extends VerifiedAccessToken {
  /** The API resource indicator the token is for (its one audience). */
  readonly resource: string;
}

/** A token's one audience: an organization (its URN) or an API resource (its indicator). */
export type TokenAudience =
  | { readonly kind: 'organization'; readonly organizationId: string }
  | { readonly kind: 'resource'; readonly resource: string };

type AudienceKind = TokenAudience['kind'];

/** What the cache keeps: the verified claims, re-checked against every request. */
export interface CachedAccessToken {
  readonly issuer: string;
  readonly audience: TokenAudience;
  readonly subject: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly expiresAt: number;
  readonly issuedAt: number;
  readonly tokenId: string;
}

export type AccessTokenCache = VerifiedTokenCache<CachedAccessToken>;

export type AccessTokenErrorKind = 'invalid_token' | 'insufficient_scope';

/** The one error the verifier throws for a bad token. Infrastructure failures are rethrown as is. */
export class AccessTokenError extends Error {
  override readonly name = 'AccessTokenError';
  readonly kind: AccessTokenErrorKind;
  /** Safe to send to the client (it is also `message`). */
  readonly description: string;
  /** For the server log only: which check failed. Never contains the token. */
  readonly reason: string;
  /** insufficient_scope only: every scope the resource requires, space-separated. */
  readonly requiredScope: string | undefined;

  constructor(kind: AccessTokenErrorKind, description: string, reason: string, requiredScope?: string) {
    super(description);
    this.kind = kind;
    this.description = description;
    this.reason = reason;
    this.requiredScope = requiredScope;
  }

  get status(): 401 | 403 {
    return this.kind === 'invalid_token' ? 401 : 403;
  }

  /** Input for `bearerErrorResponse` (lib/http/rfc6750). */
  toBearerChallenge(): BearerChallenge {
    return {
      error: this.kind,
      description: this.description,
      reason: this.reason,
      ...(this.requiredScope === undefined ? {} : { scope: this.requiredScope }),
    };
  }
}

/**
 * The issuer's keys: a key lookup for jose plus the JWKS document it currently holds, which
 * says what each key may verify. jose's `createRemoteJWKSet` and `createLocalJWKSet` are both.
 */
export type KeySet = JWTVerifyGetKey & { jwks: () => JSONWebKeySet | undefined };

export interface AccessTokenVerifierOptions {
  /** `${LOGTO_ENDPOINT}/oidc`, compared exactly with `iss`. */
  issuer: string;
  /** E.g. `createRemoteJWKSet(new URL(`${endpoint}/oidc/jwks`))`. */
  jwks: KeySet;
  /** Allowed clock skew for exp, nbf and iat; at most 60 seconds. */
  clockToleranceSeconds?: number;
  /** Verified-token cache; by default one private cache per verifier. */
  cache?: AccessTokenCache;
  /** Current time in milliseconds since the epoch. */
  now?: () => number;
}

export type VerifyOrganizationToken = (
  token: string,
  organizationId: string,
  requiredScopes: readonly OrganizationScope[],
) => Promise<VerifiedOrganizationToken>;

export type VerifyResourceToken = (
  token: string,
  resource: string,
  requiredScopes: readonly string[],
) => Promise<VerifiedResourceToken>;

export interface AccessTokenVerifier {
  /** An organization token for `organizationId` carrying every one of `requiredScopes`. */
  readonly verifyOrganizationToken: VerifyOrganizationToken;
  /** A resource access token whose one audience is `resource`, carrying `requiredScopes`. */
  readonly verifyResourceToken: VerifyResourceToken;
}

function isValidOrganizationId(value: string): boolean {
  return ORGANIZATION_ID_PATTERN.test(value);
}

const RSA_ALGORITHMS: readonly AcceptedAlgorithm[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const EC_ALGORITHM_BY_CURVE: Readonly<Record<string, AcceptedAlgorithm>> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };

/**
 * What a published key may verify: what its key type and curve allow, narrowed to its `alg`
 * when it names one (an `alg` its type does not allow leaves nothing). Nothing for encryption
 * keys, symmetric keys or unknown types.
 */
export function algorithmsForKey(jwk: JWK): AcceptedAlgorithm[] {
  if (jwk.use !== undefined && jwk.use !== 'sig') return [];
  const byType = algorithmsForKeyType(jwk);
  return jwk.alg === undefined ? byType : byType.filter((algorithm) => algorithm === jwk.alg);
}

function algorithmsForKeyType({ kty, crv }: JWK): AcceptedAlgorithm[] {
  if (kty === 'RSA') return [...RSA_ALGORITHMS];
  const curve = crv ?? '';
  const ecAlgorithm = Object.hasOwn(EC_ALGORITHM_BY_CURVE, curve) ? EC_ALGORITHM_BY_CURVE[curve] : undefined;
  if (kty === 'EC' && ecAlgorithm !== undefined) return [ecAlgorithm];
  if (kty === 'OKP' && (curve === 'Ed25519' || curve === 'Ed448')) return ['EdDSA'];
  return [];
}

/** Every algorithm the key set's keys may verify: what the verifier accepts from this issuer. */
export function algorithmsOfKeySet(keySet: JSONWebKeySet): AcceptedAlgorithm[] {
  const algorithms = new Set(keySet.keys.flatMap((jwk) => algorithmsForKey(jwk)));
  return ACCEPTED_ALGORITHMS.filter((algorithm) => algorithms.has(algorithm));
}

/** Whether a key the token names (by kid, or any key when it names none) may verify its alg. */
function keyAllows(keySet: JSONWebKeySet, kid: string | undefined, alg: string): boolean | undefined {
  const named = keySet.keys.filter((jwk) => kid === undefined || jwk.kid === kid);
  if (named.length === 0) return undefined;
  return named.some((jwk) => (algorithmsForKey(jwk) as string[]).includes(alg));
}

export function createAccessTokenVerifier({
  issuer,
  jwks,
  clockToleranceSeconds = MAX_CLOCK_TOLERANCE_SECONDS,
  cache = new VerifiedTokenCache<CachedAccessToken>(),
  now = Date.now,
}: AccessTokenVerifierOptions): AccessTokenVerifier {
  if (issuer === '') throw new TypeError('issuer must not be empty');
  if (
    !Number.isFinite(clockToleranceSeconds) ||
    clockToleranceSeconds < 0 ||
    clockToleranceSeconds > MAX_CLOCK_TOLERANCE_SECONDS
  ) {
    throw new RangeError(`clockToleranceSeconds must be between 0 and ${MAX_CLOCK_TOLERANCE_SECONDS}`);
  }
  const tolerance = clockToleranceSeconds;

  // jose calls this only after the alg allow-list and crit checks passed; refusing here means
  // a hostile header never reaches the key set (so never triggers a JWKS refetch).
  const guardedJwks: JWTVerifyGetKey = async (header, token) => {
    for (const parameter of FORBIDDEN_HEADER_PARAMETERS) {
      if (Object.hasOwn(header, parameter)) {
        throw invalidToken(`header parameter "${parameter}" is not accepted`);
      }
    }
    const { alg = '', kid } = header;
    // A known key that may not verify this alg: refused without a lookup (alg confusion).
    const known = jwks.jwks();
    if (known !== undefined && keyAllows(known, kid, alg) === false) throw keyRefuses(alg, kid);
    const key = await jwks(header, token);
    // The lookup may have fetched the key set (rotation): decide on the document it used.
    const current = jwks.jwks();
    if (current === undefined) throw new Error('the key set returned a key but holds no JWKS document');
    if (keyAllows(current, kid, alg) !== true) throw keyRefuses(alg, kid);
    return key;
  };

  async function verifyClaims(token: string, nowMs: number, expected: AudienceKind): Promise<CachedAccessToken> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, guardedJwks, {
        algorithms: [...ACCEPTED_ALGORITHMS],
        typ: ACCESS_TOKEN_TYPE,
        issuer,
        requiredClaims: REQUIRED_CLAIMS,
        clockTolerance: tolerance,
        currentDate: new Date(nowMs),
        // No `audience` here: the exact audience rule is applied by the caller, on every
        // request, to fresh and cached tokens alike.
      }));
    } catch (error) {
      throw toAccessTokenError(error);
    }

    const parsed = accessTokenClaimsSchema.safeParse(payload);
    if (!parsed.success) {
      const paths = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
      throw invalidToken(`malformed claims: ${paths}`);
    }
    const claims = parsed.data;

    // jose checks iat only together with maxTokenAge; a token from the future is forged or
    // minted by an issuer with a broken clock, either way not one to trust.
    if (claims.iat > Math.floor(nowMs / 1000) + tolerance) {
      throw invalidToken('"iat" is in the future');
    }

    // Exactly one audience, of the kind asked for. RFC 9068 only requires the resource to be
    // among the audiences, but Logto issues one per token, and a token naming several (two
    // organizations, or an organization plus an API resource) would be replayable on each.
    const single = typeof claims.aud === 'string' ? claims.aud : claims.aud.length === 1 ? claims.aud[0] : undefined;
    const audience = single === undefined ? null : parseAudience(single);
    if (audience?.kind !== expected) throw notExactlyOne(expected);

    const scopes = parseScopeClaim(claims.scope ?? '') ?? new Set<string>();
    return {
      issuer: claims.iss,
      audience,
      subject: claims.sub,
      clientId: claims.client_id,
      scopes: Object.freeze([...scopes]),
      expiresAt: claims.exp,
      issuedAt: claims.iat,
      tokenId: claims.jti,
    };
  }

  /**
   * A full verification, cached once every token-level check passed (so only tokens of the
   * kind asked for). The exact audience and the scopes are request-level and checked on every
   * request, so a valid token is cached even when this request is refused for them.
   */
  async function verifyAndCache(token: string, nowMs: number, expected: AudienceKind): Promise<CachedAccessToken> {
    const claims = await verifyClaims(token, nowMs, expected);
    cache.set(token, claims, claims.expiresAt + tolerance);
    return claims;
  }

  /**
   * Every request, fresh or cached: the cache may outlive a clock step, be shared between
   * verifiers, and is keyed by the token alone, not by the kind or audience asked for.
   */
  function audienceOf<Kind extends AudienceKind>(
    claims: CachedAccessToken,
    expected: Kind,
    nowSeconds: number,
  ): Extract<TokenAudience, { kind: Kind }> {
    if (claims.issuer !== issuer) throw invalidToken('cached token has another issuer');
    if (claims.expiresAt <= nowSeconds - tolerance) {
      throw new AccessTokenError('invalid_token', EXPIRED, '"exp" has passed');
    }
    const { audience } = claims;
    if (audience.kind !== expected) throw notExactlyOne(expected);
    return audience as Extract<TokenAudience, { kind: Kind }>;
  }

  function granted(claims: CachedAccessToken, requiredScopes: readonly string[]): Set<string> {
    const scopes = new Set(claims.scopes);
    const missing = missingScopes(scopes, requiredScopes);
    if (missing.length > 0) {
      const required = requiredScopes.join(' ');
      throw new AccessTokenError(
        'insufficient_scope',
        `The access token lacks a required scope (requires: ${required})`,
        `missing scopes: ${missing.join(' ')}`,
        required,
      );
    }
    return scopes;
  }

  function identity(claims: CachedAccessToken, scopes: Set<string>): VerifiedAccessToken {
    return {
      userId: claims.subject,
      clientId: claims.clientId,
      subjectType: claims.subject === claims.clientId ? 'application' : 'user',
      scopes,
      expiresAt: claims.expiresAt,
      issuedAt: claims.issuedAt,
      tokenId: claims.tokenId,
    };
  }

  const verifyOrganizationToken: VerifyOrganizationToken = async (token, organizationId, requiredScopes) => {
    if (!isValidOrganizationId(organizationId)) {
      throw invalidToken('organization id from the request is malformed', WRONG_ORGANIZATION);
    }
    if (typeof token !== 'string' || token === '') throw invalidToken('empty token');
    const nowMs = now();
    const nowSeconds = Math.floor(nowMs / 1000);
    // No await on a hit: the cache is synchronous.
    const claims = cache.get(token, nowSeconds) ?? (await verifyAndCache(token, nowMs, 'organization'));
    const audience = audienceOf(claims, 'organization', nowSeconds);
    // IMPORTANT: this is what makes organization A's token worthless on B's routes.
    if (audience.organizationId !== organizationId) {
      throw invalidToken(`token is for organization ${audience.organizationId}, request is for ${organizationId}`, WRONG_ORGANIZATION);
    }
    return { organizationId, ...identity(claims, granted(claims, requiredScopes)) };
  };

  const verifyResourceToken: VerifyResourceToken = async (token, resource, requiredScopes) => {
    if (resource === '' || resource.startsWith(ORGANIZATION_AUDIENCE_PREFIX)) {
      throw new TypeError('resource must be an API resource indicator');
    }
    if (typeof token !== 'string' || token === '') throw invalidToken('empty token');
    const nowMs = now();
    const nowSeconds = Math.floor(nowMs / 1000);
    const claims = cache.get(token, nowSeconds) ?? (await verifyAndCache(token, nowMs, 'resource'));
    const audience = audienceOf(claims, 'resource', nowSeconds);
    if (audience.resource !== resource) {
      throw invalidToken(`token is for resource ${audience.resource}, request is for ${resource}`, WRONG_RESOURCE);
    }
    return { resource, ...identity(claims, granted(claims, requiredScopes)) };
  };

  return { verifyOrganizationToken, verifyResourceToken };
}

const verifiersByEndpoint = new Map<string, AccessTokenVerifier>();

/**
 * The verifier for a Logto endpoint (e.g. `https://tenant.logto.app`), built once per process
 * with one remote key set for `${endpoint}/oidc/jwks` and one verified-token cache: jose
 * fetches the key set on first use, keeps it, and refetches on an unknown `kid` (key
 * rotation) at most once per 30 s cooldown.
 */
export function accessTokenVerifierFor(endpoint: string): AccessTokenVerifier {
  const base = normalizeEndpoint(endpoint);
  let verifier = verifiersByEndpoint.get(base);
  if (verifier === undefined) {
    verifier = createAccessTokenVerifier({
      issuer: `${base}/oidc`,
      jwks: createRemoteJWKSet(new URL(`${base}/oidc/jwks`)),
    });
    verifiersByEndpoint.set(base, verifier);
  }
  return verifier;
}

function normalizeEndpoint(endpoint: string): string {
  if (!URL.canParse(endpoint)) throw new TypeError('Logto endpoint must be an absolute URL');
  const url = new URL(endpoint);
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search !== '' || url.hash !== '') {
    throw new TypeError('Logto endpoint must be an http(s) URL without query or fragment');
  }
  // Logto's issuer is `${endpoint}/oidc` with no doubled slash, whatever the env var ends with.
  return url.href.replace(/\/+$/, '');
}

/** An organization URN with a well-formed id, or any other single audience as a resource. */
function parseAudience(audience: string): TokenAudience | null {
  if (!audience.startsWith(ORGANIZATION_AUDIENCE_PREFIX)) return audience === '' ? null : { kind: 'resource', resource: audience };
  const organizationId = audience.slice(ORGANIZATION_AUDIENCE_PREFIX.length);
  return isValidOrganizationId(organizationId) ? { kind: 'organization', organizationId } : null;
}

const INVALID = 'The access token is invalid';
const EXPIRED = 'The access token expired';
const WRONG_ORGANIZATION = 'The access token is not valid for this organization';
const WRONG_RESOURCE = 'The access token is not valid for this resource';

function notExactlyOne(expected: AudienceKind): AccessTokenError {
  return invalidToken(`audience is not exactly one ${expected}`, expected === 'organization' ? WRONG_ORGANIZATION : WRONG_RESOURCE);
}

function invalidToken(reason: string, description: string = INVALID): AccessTokenError {
  return new AccessTokenError('invalid_token', description, reason);
}

function keyRefuses(alg: string, kid: string | undefined): AccessTokenError {
  return invalidToken(`the key ${kid === undefined ? 'set' : `"${kid}"`} does not verify "alg" ${alg}`);
}

function toAccessTokenError(error: unknown): unknown {
  if (error instanceof AccessTokenError) return error;
  if (!(error instanceof errors.JOSEError) || !TOKEN_ERROR_CODES.has(error.code)) return error;
  // jose messages name the failed check, never a claim value or the token.
  const description = error.code === 'ERR_JWT_EXPIRED' ? EXPIRED : INVALID;
  return invalidToken(`${error.code}: ${error.message}`, description);
}
