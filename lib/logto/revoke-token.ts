import 'server-only';

export type RevokeTokenOptions = {
  endpoint: string;
  appId: string;
  appSecret: string;
  fetch?: typeof fetch;
};

const REVOKE_TIMEOUT_MS = 5_000;

/**
 * Revokes a refresh token at Logto (RFC 7009, `POST /oidc/token/revocation`), authenticated as
 * the web app that it was issued to. Logto answers 200 for a token it no longer knows, so this
 * throws only when Logto refuses the request or can't be reached.
 */
export function createTokenRevoker({ endpoint, appId, appSecret, fetch: fetchImpl = fetch }: RevokeTokenOptions) {
  const credentials = Buffer.from(`${encodeURIComponent(appId)}:${encodeURIComponent(appSecret)}`).toString('base64');
  return async function revokeRefreshToken(token: string): Promise<void> {
    const response = await fetchImpl(`${endpoint}/oidc/token/revocation`, {
      method: 'POST',
      headers: { authorization: `Basic ${credentials}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, token_type_hint: 'refresh_token' }),
      signal: AbortSignal.timeout(REVOKE_TIMEOUT_MS),
    });
    if (!response.ok) {
      const detail = await response.text().catch(() => '');
      throw new Error(`Logto refused to revoke the token: ${response.status} ${detail.slice(0, 200)}`);
    }
  };
}

export type RevokeRefreshToken = ReturnType<typeof createTokenRevoker>;
