// Are LOGTO_APP_ID / LOGTO_APP_SECRET accepted, without a browser and without side effects?
//
// The probe redeems an authorization code that does not exist, authenticating the way the SDK
// does (@logto/node: HTTP Basic with the app id and secret). Logto's token endpoint (oidc-provider)
// authenticates the client before it looks at the grant, so:
//   invalid_client                 -> the id or secret is wrong (or the app has no secret: SPA, Native);
//                                     401 for a wrong secret, 400 for an id Logto does not know
//   400 invalid_grant              -> the credentials are right; only the made-up code was refused
//   400 unauthorized_client, or invalid_request "grant type is not allowed"
//                                  -> right credentials, but the app may not use the authorization
//                                     code grant (an M2M app, not a Traditional web app)
// Nothing is created or consumed. A client_credentials probe would tell the same for a
// Traditional app (Logto refuses that grant for it after authenticating), but the authorization
// code grant is the one the app really uses, so its answer is the more telling one.
import { randomBytes } from 'node:crypto';

import { z } from 'zod';

export type WebAppProbeResult =
  | { outcome: 'accepted' }
  | { outcome: 'rejected'; error: string; description?: string }
  | { outcome: 'wrong-app-type'; error: string; description?: string }
  | { outcome: 'inconclusive'; reason: string };

const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

export async function probeWebAppCredentials({
  tokenEndpoint,
  appId,
  appSecret,
  redirectUri,
  fetch: doFetch = fetch,
  timeoutMs = 10_000,
}: {
  tokenEndpoint: string;
  appId: string;
  appSecret: string;
  redirectUri: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): Promise<WebAppProbeResult> {
  let response: Response;
  try {
    response = await doFetch(tokenEndpoint, {
      method: 'POST',
      headers: {
        // As @logto/node sends it, so a secret the SDK cannot present fails here too.
        Authorization: `Basic ${Buffer.from(`${appId}:${appSecret}`, 'utf8').toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: `doctor-probe-${randomBytes(16).toString('hex')}`,
        redirect_uri: redirectUri,
        code_verifier: randomBytes(32).toString('base64url'),
      }),
      signal: AbortSignal.timeout(timeoutMs),
      cache: 'no-store',
    });
  } catch (error) {
    return { outcome: 'inconclusive', reason: `the token endpoint ${tokenEndpoint} did not answer (${describeFetchError(error)})` };
  }

  const parsed = oauthErrorSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    return { outcome: 'inconclusive', reason: `the token endpoint answered HTTP ${response.status} without an OAuth error body` };
  }
  const { error, error_description: description } = parsed.data;
  if (error === 'invalid_client') return { outcome: 'rejected', error, description };
  if (error === 'invalid_grant') return { outcome: 'accepted' };
  if (error === 'unauthorized_client' || (error === 'invalid_request' && /grant type/i.test(description ?? ''))) {
    return { outcome: 'wrong-app-type', error, description };
  }
  return { outcome: 'inconclusive', reason: `the token endpoint answered HTTP ${response.status} ${error}${description ? `: ${description}` : ''}` };
}

export function describeFetchError(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return 'timed out';
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
