import type { IncomingMessage } from 'node:http';

import { createLocalJWKSet, errors, jwtVerify } from 'jose';

import { MANAGEMENT_API_INDICATOR, MANAGEMENT_API_SCOPE } from '../constants.js';
import { ApiError } from '../http/responses.js';
import type { SigningKey } from '../oidc/keys.js';

const UNAUTHORIZED_MESSAGE = 'Unauthorized. Please check credentials and its scope.';

/** The fields Logto copies from jose's error into `data`. */
function joseErrorData(error: errors.JOSEError): Record<string, unknown> {
  const data: Record<string, unknown> = { code: error.code, name: error.name };
  if (error instanceof errors.JWTClaimValidationFailed) {
    Object.assign(data, { claim: error.claim, reason: error.reason, payload: error.payload });
  }
  return data;
}

/**
 * Accepts only what Logto's Management API accepts: a bearer JWT this server
 * signed, for the Management API resource, carrying the `all` scope of a
 * machine-to-machine app (client_credentials: `sub` is the app itself).
 */
export function createManagementAuthenticator({ signingKey, issuer }: { signingKey: SigningKey; issuer: string }) {
  // A key set, not a key: an `alg` it cannot serve (none, HS256) fails as
  // ERR_JOSE_NOT_SUPPORTED, exactly as in Logto, and is never accepted.
  const keySet = createLocalJWKSet({ keys: [signingKey.publicJwk] });

  return async (req: IncomingMessage): Promise<void> => {
    const { authorization } = req.headers;
    if (!authorization) {
      throw new ApiError(401, 'auth.authorization_header_missing', 'Authorization header is missing.');
    }
    const [scheme = '', jwt = '', ...rest] = authorization.split(' ');
    if (scheme.toLowerCase() !== 'bearer' || rest.length > 0) {
      throw new ApiError(401, 'auth.authorization_token_type_not_supported', 'Authorization type is not supported.', {
        data: { supportedTypes: ['Bearer'] },
      });
    }

    let payload;
    try {
      ({ payload } = await jwtVerify(jwt, keySet, { issuer, audience: MANAGEMENT_API_INDICATOR }));
    } catch (error) {
      if (error instanceof errors.JOSEError) {
        throw new ApiError(401, 'auth.unauthorized', UNAUTHORIZED_MESSAGE, { data: joseErrorData(error) });
      }
      throw error;
    }

    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    const machineToMachine = typeof payload.client_id === 'string' && payload.sub === payload.client_id;
    if (!scopes.includes(MANAGEMENT_API_SCOPE) || !machineToMachine) {
      throw new ApiError(403, 'auth.forbidden', 'Forbidden. Please check your user roles and permissions.');
    }
  };
}
