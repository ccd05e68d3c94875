// What every contract test file starts from: the Logto under test (from the global setup),
// a Management API client, the web app's client config and a JWKS for verifying tokens.
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { inject } from 'vitest';

import { contractTargetSchema, type ContractTarget } from './env';
import { ManagementApi } from './management-api';
import type { LogtoWebAppConfig, OidcClientConfig } from './sign-in';

export interface ContractContext {
  target: ContractTarget;
  api: ManagementApi;
  /** The Traditional web app used for end-user sign-in. */
  webApp: LogtoWebAppConfig;
  /** The M2M app used for the Management API. */
  m2mApp: OidcClientConfig;
  /** Verifies an ES384 JWT against the tenant's JWKS with an exact `typ`. */
  verifyJwt(token: string, options: { audience: string; typ: 'at+jwt' | 'JWT' }): Promise<JWTPayload>;
}

export function contractContext(): ContractContext {
  const target = contractTargetSchema.parse(inject('contractTarget'));
  const api = new ManagementApi({
    endpoint: target.endpoint,
    m2mAppId: target.m2mAppId,
    m2mAppSecret: target.m2mAppSecret,
    resource: target.managementApiResource,
  });
  const jwks = createRemoteJWKSet(new URL(`${target.issuer}/jwks`));

  return {
    target,
    api,
    webApp: {
      endpoint: target.endpoint,
      appId: target.appId,
      appSecret: target.appSecret,
      redirectUri: target.redirectUri,
    },
    m2mApp: { endpoint: target.endpoint, appId: target.m2mAppId, appSecret: target.m2mAppSecret },
    async verifyJwt(token, options) {
      const { payload } = await jwtVerify(token, jwks, {
        issuer: target.issuer,
        audience: options.audience,
        algorithms: ['ES384'],
        typ: options.typ,
      });
      return payload;
    },
  };
}

export function decodeJwtParts(token: string): { header: Record<string, unknown>; claims: JWTPayload } {
  return { header: decodeProtectedHeader(token), claims: decodeJwt(token) };
}

/** Space-separated scope string -> sorted list (Logto does not promise an order). */
export function scopeSet(scope: string | undefined): string[] {
  return (scope ?? '').split(' ').filter(Boolean).sort();
}
