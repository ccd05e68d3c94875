import 'server-only';

import {
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTVerifyGetKey,
} from 'jose';
import { z } from 'zod';

import { missingScopes, parseScopeClaim, type OrganizationScope } from '@/lib/auth/scopes';
import type { BearerChallenge } from '@/lib/http/rfc6750';

import { VerifiedTokenCache } from './verified-token-cache';

// Verification of Logto organization tokens (RFC 9068 JWT access tokens whose audience is
// `urn:logto:organization:<id>`), following RFC 8725 (JWT best current practices).

/**
 * Logto signs with its one EC P-384 key (`/oidc/jwks`, alg ES384). An explicit list shuts out
 * `none`, HS256 keyed with the public key, and downgrades (RFC 8725 sections 2.1 and 3.1). If a
 * tenant rotates to an RSA signing key in the Logto console, add 'RS256', never an HMAC alg.
 */
export const ORGANIZATION_TOKEN_ALGORITHMS = ['ES384'] as const;

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

const organizationTokenClaimsSchema = z.object({
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

export interface VerifiedOrganizationToken {
  readonly organizationId: string;
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
  /** The `jti` claim. */
  readonly tokenId: string;
}

/** What the cache keeps: the verified claims, re-checked against every request. */
export interface CachedOrganizationToken {
  readonly issuer: string;
  readonly organizationId: string;
  readonly subject: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly expiresAt: number;
  readonly tokenId: string;
}

export type OrganizationTokenCache = VerifiedTokenCache<CachedOrganizationToken>;

export type OrganizationTokenErrorKind = 'invalid_token' | 'insufficient_scope';

/** The one error the verifier throws for a bad token. Infrastructure failures are rethrown as is. */
export class OrganizationTokenError extends Error {
  override readonly name = 'OrganizationTokenError';
  readonly kind: OrganizationTokenErrorKind;
  /** Safe to send to the client (it is also `message`). */
  readonly description: string;
  /** For the server log only: which check failed. Never contains the token. */
  readonly reason: string;
  /** insufficient_scope only: every scope the resource requires, space-separated. */
  readonly requiredScope: string | undefined;

  constructor(
    kind: OrganizationTokenErrorKind,
    description: string,
    reason: string,
    requiredScope?: string,
  ) {
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

export interface OrganizationTokenVerifierOptions {
  /** `${LOGTO_ENDPOINT}/oidc`, compared exactly with `iss`. */
  issuer: string;
  /** Key lookup, e.g. `createRemoteJWKSet(new URL(`${endpoint}/oidc/jwks`))`. */
  jwks: JWTVerifyGetKey;
  /** Allowed clock skew for exp, nbf and iat; at most 60 seconds. */
  clockToleranceSeconds?: number;
  /** Verified-token cache; by default one private cache per verifier. */
  cache?: OrganizationTokenCache;
  /** Current time in milliseconds since the epoch. */
  now?: () => number;
}

export type VerifyOrganizationToken = (
  token: string,
  organizationId: string,
  requiredScopes: readonly OrganizationScope[],
) => Promise<VerifiedOrganizationToken>;

export function organizationAudience(organizationId: string): string {
  return `${ORGANIZATION_AUDIENCE_PREFIX}${organizationId}`;
}

export function isValidOrganizationId(value: string): boolean {
  return ORGANIZATION_ID_PATTERN.test(value);
}

export function createOrganizationTokenVerifier({
  issuer,
  jwks,
  clockToleranceSeconds = MAX_CLOCK_TOLERANCE_SECONDS,
  cache = new VerifiedTokenCache<CachedOrganizationToken>(),
  now = Date.now,
}: OrganizationTokenVerifierOptions): VerifyOrganizationToken {
  if (issuer === '') throw new TypeError('issuer must not be empty');
  if (
    !Number.isFinite(clockToleranceSeconds) ||
    clockToleranceSeconds < 0 ||
    clockToleranceSeconds > MAX_CLOCK_TOLERANCE_SECONDS
  ) {
    throw new RangeError(`clockToleranceSeconds must be between 0 and ${MAX_CLOCK_TOLERANCE_SECONDS}`);
  }
  const tolerance = clockToleranceSeconds;

  // jose resolves the key only after the alg allow-list and crit checks passed; refusing here
  // means a hostile header never reaches the key set (so never triggers a JWKS refetch).
  const guardedJwks: JWTVerifyGetKey = (header, token) => {
    for (const parameter of FORBIDDEN_HEADER_PARAMETERS) {
      if (Object.hasOwn(header, parameter)) {
        throw invalidToken(`header parameter "${parameter}" is not accepted`);
      }
    }
    return jwks(header, token);
  };

  async function verifyClaims(token: string, nowMs: number): Promise<CachedOrganizationToken> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, guardedJwks, {
        algorithms: [...ORGANIZATION_TOKEN_ALGORITHMS],
        typ: ACCESS_TOKEN_TYPE,
        issuer,
        requiredClaims: REQUIRED_CLAIMS,
        clockTolerance: tolerance,
        currentDate: new Date(nowMs),
        // No `audience` here: the exact audience rule is applied below, on every request,
        // to fresh and cached tokens alike.
      }));
    } catch (error) {
      throw toOrganizationTokenError(error);
    }

    const parsed = organizationTokenClaimsSchema.safeParse(payload);
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

    const organizationId = organizationIdFromAudience(claims.aud);
    if (organizationId === null) {
      throw invalidToken('audience is not exactly one organization', WRONG_AUDIENCE);
    }

    const scopes = parseScopeClaim(claims.scope ?? '') ?? new Set<string>();
    return {
      issuer: claims.iss,
      organizationId,
      subject: claims.sub,
      clientId: claims.client_id,
      scopes: Object.freeze([...scopes]),
      expiresAt: claims.exp,
      tokenId: claims.jti,
    };
  }

  return async function verifyOrganizationToken(token, organizationId, requiredScopes) {
    if (!isValidOrganizationId(organizationId)) {
      throw invalidToken('organization id from the request is malformed', WRONG_AUDIENCE);
    }
    if (typeof token !== 'string' || token === '') {
      throw invalidToken('empty token');
    }

    const nowMs = now();
    const nowSeconds = Math.floor(nowMs / 1000);
    let claims = cache.get(token, nowSeconds);
    if (claims === undefined) {
      claims = await verifyClaims(token, nowMs);
      // Cached only after every token-level check passed; organization and scopes are
      // request-level and checked below, so a valid token is cached even when this request
      // is refused for them.
      cache.set(token, claims, claims.expiresAt + tolerance);
    }

    // Every request, fresh or cached: the cache may outlive a clock step, be shared between
    // verifiers, and is keyed by the token alone, not by the organization asked for.
    if (claims.issuer !== issuer) {
      throw invalidToken('cached token has another issuer');
    }
    if (claims.expiresAt <= nowSeconds - tolerance) {
      throw new OrganizationTokenError('invalid_token', EXPIRED, '"exp" has passed');
    }
    // IMPORTANT: this is what makes organization A's token worthless on B's routes.
    if (claims.organizationId !== organizationId) {
      throw invalidToken(
        `token is for organization ${claims.organizationId}, request is for ${organizationId}`,
        WRONG_AUDIENCE,
      );
    }

    const granted = new Set(claims.scopes);
    const missing = missingScopes(granted, requiredScopes);
    if (missing.length > 0) {
      const required = requiredScopes.join(' ');
      throw new OrganizationTokenError(
        'insufficient_scope',
        `The access token lacks a required scope (requires: ${required})`,
        `missing scopes: ${missing.join(' ')}`,
        required,
      );
    }

    return {
      organizationId: claims.organizationId,
      userId: claims.subject,
      clientId: claims.clientId,
      subjectType: claims.subject === claims.clientId ? 'application' : 'user',
      scopes: granted,
      expiresAt: claims.expiresAt,
      tokenId: claims.tokenId,
    };
  };
}

const verifiersByEndpoint = new Map<string, VerifyOrganizationToken>();

/**
 * The verifier for a Logto endpoint (e.g. `https://tenant.logto.app`), built once per process
 * with one remote key set for `${endpoint}/oidc/jwks`: jose fetches it on first use, keeps it,
 * and refetches on an unknown `kid` (key rotation) at most once per 30 s cooldown.
 */
export function organizationTokenVerifierFor(endpoint: string): VerifyOrganizationToken {
  const base = normalizeEndpoint(endpoint);
  let verifier = verifiersByEndpoint.get(base);
  if (verifier === undefined) {
    verifier = createOrganizationTokenVerifier({
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

/**
 * The audience must be exactly one organization URN: a string, or an array holding that one
 * string. RFC 9068 only requires the resource to be among the audiences, but Logto issues one
 * organization per token, and a token naming several organizations (or an organization plus
 * an API resource) would be replayable on each of them; refusing it costs nothing.
 */
function organizationIdFromAudience(aud: string | string[]): string | null {
  const single = typeof aud === 'string' ? aud : aud.length === 1 ? aud[0] : undefined;
  if (single === undefined || !single.startsWith(ORGANIZATION_AUDIENCE_PREFIX)) return null;
  const organizationId = single.slice(ORGANIZATION_AUDIENCE_PREFIX.length);
  return isValidOrganizationId(organizationId) ? organizationId : null;
}

const INVALID = 'The access token is invalid';
const EXPIRED = 'The access token expired';
const WRONG_AUDIENCE = 'The access token is not valid for this organization';

function invalidToken(reason: string, description: string = INVALID): OrganizationTokenError {
  return new OrganizationTokenError('invalid_token', description, reason);
}

function toOrganizationTokenError(error: unknown): unknown {
  if (error instanceof OrganizationTokenError) return error;
  if (!(error instanceof errors.JOSEError) || !TOKEN_ERROR_CODES.has(error.code)) return error;
  // jose messages name the failed check, never a claim value or the token.
  const description = error.code === 'ERR_JWT_EXPIRED' ? EXPIRED : INVALID;
  return invalidToken(`${error.code}: ${error.message}`, description);
}
