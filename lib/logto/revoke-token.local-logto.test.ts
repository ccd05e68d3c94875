// Revocation against the local Logto: a revoked refresh token is dead for the next refresh,
// and only the app it was issued to may revoke it.
import { describe, expect, it } from 'vitest';

import { LOCAL_LOGTO_DEFAULTS } from '@/lib/env';
import { requestRefreshTokenGrant, signInWithPassword } from '@/tests/contract/support/sign-in';
import { useLocalLogto } from '@/tests/support/local-logto';
import { createTestUser, TEST_PASSWORD } from '@/tests/support/logto-admin';

import { createTokenRevoker } from './revoke-token';

const logto = useLocalLogto();

const webApp = () => ({ endpoint: logto().endpoint, appId: LOCAL_LOGTO_DEFAULTS.LOGTO_APP_ID, appSecret: LOCAL_LOGTO_DEFAULTS.LOGTO_APP_SECRET });

async function freshRefreshToken() {
  const { username } = await createTestUser(logto().endpoint, { label: 'revoke', password: TEST_PASSWORD });
  const { refreshToken } = await signInWithPassword({
    ...webApp(),
    redirectUri: 'http://localhost:3000/callback',
    identifier: { type: 'username', value: username },
    password: TEST_PASSWORD,
  });
  return refreshToken;
}

describe('revokeRefreshToken against the local Logto', () => {
  it('revokes: the next refresh with that token fails with invalid_grant', async () => {
    const refreshToken = await freshRefreshToken();
    await createTokenRevoker(webApp())(refreshToken);
    const refused = await requestRefreshTokenGrant(webApp(), refreshToken);
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: 'invalid_grant' });
  });

  it('answers 200 for a token Logto does not know (RFC 7009), so a retry is harmless', async () => {
    await expect(createTokenRevoker(webApp())('not-a-real-token')).resolves.toBeUndefined();
  });

  it('fails loudly with wrong client credentials', async () => {
    const refreshToken = await freshRefreshToken();
    await expect(createTokenRevoker({ ...webApp(), appSecret: 'wrong' })(refreshToken)).rejects.toThrow(/401|invalid_client/);
    expect((await requestRefreshTokenGrant(webApp(), refreshToken)).status).toBe(200);
  });
});
