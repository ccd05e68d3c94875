// Real tokens from a (local or real) Logto, obtained the way a client does: password sign-in
// through the Experience API and authorization code + PKCE, then the refresh_token grant.
import { ORGANIZATION_SCOPES, CREATE_ORGANIZATIONS } from '@/lib/auth/scopes';
import { LOCAL_LOGTO_DEFAULTS } from '@/lib/env';
import { refreshTokens, signInWithPassword } from '@/tests/contract/support/sign-in';

import { TEST_PASSWORD } from './logto-admin';

export type SignedInClient = {
  idToken: string;
  organizationToken: (organizationId: string) => Promise<string>;
  resourceToken: (resource: string) => Promise<string>;
};

export async function signInClient({
  endpoint,
  identifier,
  password = TEST_PASSWORD,
  redirectUri = 'http://localhost:3000/callback',
  apiResource = LOCAL_LOGTO_DEFAULTS.LOGTO_API_RESOURCE,
}: {
  endpoint: string;
  identifier: string;
  password?: string;
  redirectUri?: string;
  apiResource?: string;
}): Promise<SignedInClient> {
  const client = { endpoint, appId: LOCAL_LOGTO_DEFAULTS.LOGTO_APP_ID, appSecret: LOCAL_LOGTO_DEFAULTS.LOGTO_APP_SECRET };
  const result = await signInWithPassword({
    ...client,
    redirectUri,
    identifier: { type: identifier.includes('@') ? 'email' : 'username', value: identifier },
    password,
    scopes: [...ORGANIZATION_SCOPES, CREATE_ORGANIZATIONS],
    resources: [apiResource],
  });
  // Logto does not rotate the refresh token for organization tokens, but may for others:
  // always keep the newest one.
  let refreshToken = result.refreshToken;
  const refresh = async (options: { organizationId?: string; resource?: string }) => {
    const tokens = await refreshTokens(client, refreshToken, options);
    if (tokens.refresh_token) refreshToken = tokens.refresh_token;
    return tokens.access_token;
  };
  return {
    idToken: result.idToken,
    organizationToken: (organizationId) => refresh({ organizationId }),
    resourceToken: (resource) => refresh({ resource }),
  };
}
