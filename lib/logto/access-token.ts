import 'server-only';

import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';

import { parseScopeClaim } from '@/lib/auth/scopes';

import { ACCESS_TOKEN_TYPE, MAX_CLOCK_TOLERANCE_SECONDS, ORGANIZATION_TOKEN_ALGORITHMS } from './organization-token';

/**
 * Verifies a user's access token for one of the app's API resources (LOGTO_API_RESOURCE) and
 * returns its scopes: signature against Logto's JWKS, issuer, audience exactly the resource,
 * typ at+jwt, expiry. Resolves to null for any invalid token (the caller denies).
 */
export function createResourceTokenVerifier({ issuer, jwks }: { issuer: string; jwks: JWTVerifyGetKey }) {
  return async function verifyResourceToken(token: string, resource: string) {
    try {
      const { payload } = await jwtVerify(token, jwks, {
        issuer,
        audience: resource,
        typ: ACCESS_TOKEN_TYPE,
        algorithms: [...ORGANIZATION_TOKEN_ALGORITHMS],
        clockTolerance: MAX_CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const scopes = parseScopeClaim(payload.scope ?? '');
      if (!scopes || typeof payload.sub !== 'string') return null;
      return { userId: payload.sub, scopes };
    } catch (error) {
      if (error instanceof errors.JOSEError && !(error instanceof errors.JWKSTimeout)) {
        console.warn('[auth] resource access token refused:', error.code);
        return null;
      }
      throw error;
    }
  };
}

const verifiers = new Map<string, ReturnType<typeof createResourceTokenVerifier>>();

/** One verifier (and one cached remote key set) per Logto endpoint and process. */
export function resourceTokenVerifierFor(endpoint: string) {
  let verifier = verifiers.get(endpoint);
  if (!verifier) {
    verifier = createResourceTokenVerifier({
      issuer: `${endpoint}/oidc`,
      jwks: createRemoteJWKSet(new URL(`${endpoint}/oidc/jwks`)),
    });
    verifiers.set(endpoint, verifier);
  }
  return verifier;
}
