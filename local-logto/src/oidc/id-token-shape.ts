import { createHash } from 'node:crypto';

import { CompactSign, importJWK, type JWK } from 'jose';
import type { KoaContextWithOIDC } from 'oidc-provider';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** OIDC's at_hash for ES384: the left half of the access token's SHA-384 digest. */
function accessTokenHash(accessToken: string): string {
  const digest = createHash('sha384').update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/**
 * Logto's token-endpoint ID tokens carry a `typ: "JWT"` header and an
 * `at_hash`; oidc-provider's have neither. This middleware re-signs the ID
 * token of token responses with the same key and claims, adding both.
 */
export function createIdTokenShapeMiddleware(privateJwk: JWK) {
  const key = importJWK(privateJwk, 'ES384');
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> => {
    await next();
    const { body } = ctx;
    if (ctx.path !== '/token' || ctx.status !== 200 || !isRecord(body) || typeof body.id_token !== 'string') {
      return;
    }
    const [, encodedPayload] = body.id_token.split('.');
    if (!encodedPayload) {
      return;
    }
    const payload: unknown = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8'));
    if (!isRecord(payload)) {
      return;
    }
    if (typeof body.access_token === 'string' && payload.at_hash === undefined) {
      payload.at_hash = accessTokenHash(body.access_token);
    }
    const jws = new CompactSign(Buffer.from(JSON.stringify(payload))).setProtectedHeader({
      alg: 'ES384',
      typ: 'JWT',
      kid: privateJwk.kid,
    });
    ctx.body = { ...body, id_token: await jws.sign(await key) };
  };
}
