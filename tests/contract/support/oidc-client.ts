// Token-endpoint and userinfo helpers shared by the contract suite and the app's tests.
// They speak plain OAuth 2.0 / OIDC to `${endpoint}/oidc`, exactly like @logto/node does.
import { z } from 'zod';

import { httpRequest, type HttpResponse } from './http';
import { tokenResponseClientSchema, type TokenResponse } from './logto-schemas';

/** A confidential OIDC client of a Logto tenant (a Traditional web app or an M2M app). */
export interface OidcClientConfig {
  /** The Logto endpoint, e.g. `http://localhost:3001` (no trailing slash, no `/oidc`). */
  endpoint: string;
  appId: string;
  appSecret: string;
}

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post';

export type TokenParams = Record<string, string | readonly string[] | undefined>;

export interface RefreshOptions {
  /** API resource indicator: asks for a JWT access token for that API. */
  resource?: string;
  /** Organization id: asks for an organization token (`aud: urn:logto:organization:<id>`). */
  organizationId?: string;
  /** Space-separated scopes that narrow the new access token. */
  scope?: string;
}

export class OidcRequestError extends Error {
  constructor(
    readonly response: HttpResponse,
    what: string,
  ) {
    super(`${what} failed: HTTP ${response.status} ${response.text.slice(0, 500)}`);
    this.name = 'OidcRequestError';
  }
}

export function issuerOf(endpoint: string): string {
  return `${trimSlash(endpoint)}/oidc`;
}

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** HTTP Basic credentials as RFC 6749 2.3.1 defines them (form-encoded id and secret). */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

/** POST to `/oidc/token`; returns the raw response whatever the status. */
export async function requestToken(
  client: OidcClientConfig,
  params: TokenParams,
  auth: ClientAuthMethod = 'client_secret_basic',
): Promise<HttpResponse> {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) {
      continue;
    }
    for (const item of typeof value === 'string' ? [value] : value) {
      form.append(key, item);
    }
  }
  const headers: Record<string, string> = {};
  if (auth === 'client_secret_basic') {
    headers.authorization = basicAuthorization(client.appId, client.appSecret);
  } else {
    form.append('client_id', client.appId);
    form.append('client_secret', client.appSecret);
  }
  return httpRequest(`${issuerOf(client.endpoint)}/token`, { method: 'POST', headers, form });
}

/** The refresh_token grant with Logto's extensions; returns the raw response. */
export async function requestRefreshTokenGrant(
  client: OidcClientConfig,
  refreshToken: string,
  options: RefreshOptions = {},
): Promise<HttpResponse> {
  return requestToken(client, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    resource: options.resource,
    organization_id: options.organizationId,
    scope: options.scope,
  });
}

/** The refresh_token grant; throws {@link OidcRequestError} unless Logto answers 200. */
export async function refreshTokens(
  client: OidcClientConfig,
  refreshToken: string,
  options: RefreshOptions = {},
): Promise<TokenResponse> {
  const response = await requestRefreshTokenGrant(client, refreshToken, options);
  return parseTokenResponse(response, 'refresh_token grant');
}

/** client_credentials for an M2M app; throws unless Logto answers 200. */
export async function fetchClientCredentialsToken(
  client: OidcClientConfig,
  options: { resource?: string; scope?: string; organizationId?: string } = {},
): Promise<TokenResponse> {
  const response = await requestToken(client, {
    grant_type: 'client_credentials',
    resource: options.resource,
    scope: options.scope,
    organization_id: options.organizationId,
  });
  return parseTokenResponse(response, 'client_credentials grant');
}

export function parseTokenResponse(response: HttpResponse, what: string): TokenResponse {
  if (response.status !== 200) {
    throw new OidcRequestError(response, what);
  }
  const parsed = tokenResponseClientSchema.safeParse(response.json);
  if (!parsed.success) {
    throw new Error(`${what}: unexpected token response: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/** GET `/oidc/me`; returns the raw response whatever the status. */
export async function requestUserInfo(endpoint: string, accessToken: string): Promise<HttpResponse> {
  return httpRequest(`${issuerOf(endpoint)}/me`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
}

/** GET `/oidc/me`; throws unless Logto answers 200. */
export async function fetchUserInfo(endpoint: string, accessToken: string): Promise<Record<string, unknown>> {
  const response = await requestUserInfo(endpoint, accessToken);
  if (response.status !== 200) {
    throw new OidcRequestError(response, 'userinfo');
  }
  return z.record(z.string(), z.unknown()).parse(response.json);
}

/**
 * Holds a user's current refresh token and keeps it current across refreshes, the way a
 * client must: if Logto rotates the refresh token, the next request uses the new one.
 */
export class TokenSession {
  #refreshToken: string;

  constructor(
    readonly client: OidcClientConfig,
    refreshToken: string,
  ) {
    this.#refreshToken = refreshToken;
  }

  get refreshToken(): string {
    return this.#refreshToken;
  }

  /** The refresh_token grant (raw response). A returned refresh token replaces the current one. */
  async refresh(options: RefreshOptions = {}): Promise<HttpResponse> {
    const response = await requestRefreshTokenGrant(this.client, this.#refreshToken, options);
    if (response.status === 200) {
      const parsed = tokenResponseClientSchema.safeParse(response.json);
      if (parsed.success && parsed.data.refresh_token) {
        this.#refreshToken = parsed.data.refresh_token;
      }
    }
    return response;
  }

  /** The refresh_token grant; throws unless Logto answers 200. */
  async refreshOrThrow(options: RefreshOptions = {}): Promise<TokenResponse> {
    return parseTokenResponse(await this.refresh(options), 'refresh_token grant');
  }

  /** An organization token (raw response). */
  async organizationToken(organizationId: string, scope?: string): Promise<HttpResponse> {
    return this.refresh({ organizationId, scope });
  }
}
