// End-user sign-in against Logto (or the local Logto) the way a browser and @logto/node do it:
// authorization code + PKCE (S256), Logto's Experience API for the password step, first-party
// consent when the redirect chain asks for it, then the code exchange at /oidc/token.
//
// No test framework imports here: the app's e2e and integration tests reuse this module.
import { createHash, randomBytes } from 'node:crypto';

import { CookieJar } from './cookie-jar';
import { describeResponse, httpRequest, isRedirect, type HttpRequestInit, type HttpResponse } from './http';
import {
  experienceVerificationSchema,
  redirectToSchema,
  type TokenResponse,
} from './logto-schemas';
import {
  issuerOf,
  parseTokenResponse,
  requestToken,
  trimSlash,
  type OidcClientConfig,
} from './oidc-client';

export {
  fetchUserInfo,
  refreshTokens,
  requestRefreshTokenGrant,
  requestUserInfo,
  TokenSession,
  type OidcClientConfig,
  type RefreshOptions,
} from './oidc-client';

/** The scopes @logto/next asks for by default plus e-mail and organization roles. */
export const DEFAULT_SIGN_IN_SCOPES = [
  'openid',
  'offline_access',
  'profile',
  'email',
  'urn:logto:scope:organizations',
  'urn:logto:scope:organization_roles',
] as const;

/** The resource that makes organization scopes reach organization tokens. */
export const ORGANIZATIONS_RESOURCE = 'urn:logto:resource:organizations';

/** A Logto Traditional web app (confidential client with a registered redirect URI). */
export interface LogtoWebAppConfig extends OidcClientConfig {
  redirectUri: string;
}

export interface AuthorizationRequestOptions {
  /** Scopes added to {@link DEFAULT_SIGN_IN_SCOPES}: organization scopes, API resource scopes. */
  scopes?: readonly string[];
  /** Replaces {@link DEFAULT_SIGN_IN_SCOPES} (the extra `scopes` are still appended). */
  baseScopes?: readonly string[];
  /** API resource indicators to request (in addition to the organizations resource). */
  resources?: readonly string[];
  /** Add `resource=urn:logto:resource:organizations` (default true, like @logto/client). */
  organizationResource?: boolean;
  /** Default `consent` (what @logto/client sends; it is what grants `offline_access`). */
  prompt?: string;
  /** Any other authorization parameter (e.g. `organization_id`, `login_hint`). */
  extraParams?: Readonly<Record<string, string>>;
}

export interface PasswordIdentifier {
  type: 'username' | 'email';
  value: string;
}

export interface SignInWithPasswordOptions extends LogtoWebAppConfig, AuthorizationRequestOptions {
  identifier: PasswordIdentifier;
  password: string;
  /** `resource` sent with the code exchange: the access token is then a JWT for that API. */
  tokenResource?: string;
}

export interface RegisterWithPasswordOptions extends LogtoWebAppConfig, AuthorizationRequestOptions {
  /** Logto's sign-up identifier; `username` works on every tenant configured for it. */
  identifier: PasswordIdentifier;
  password: string;
  tokenResource?: string;
}

export interface SignInStep {
  method: string;
  /** Path and query of the request (the origin is always the Logto endpoint). */
  path: string;
  status: number;
}

export interface SignInResult {
  idToken: string;
  /** Opaque unless a `tokenResource` was exchanged. */
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  /** The granted scopes as Logto reports them in the token response. */
  scope: string;
  tokenResponse: TokenResponse;
  /** The redirect to the app's callback: carries `code`, `state` and `iss`. */
  callbackUrl: URL;
  /** Every request of the flow with its status, in order. */
  steps: readonly SignInStep[];
}

export class SignInError extends Error {
  constructor(
    readonly step: string,
    readonly response: HttpResponse | undefined,
    detail?: string,
  ) {
    super(
      `Sign-in failed at "${step}"${detail ? `: ${detail}` : ''}${
        response ? ` (${describeResponse(response)})` : ''
      }`,
    );
    this.name = 'SignInError';
  }
}

/** A browser tab: one cookie jar, no automatic redirects, a log of every request. */
export class BrowserSession {
  readonly cookies = new CookieJar();
  readonly steps: SignInStep[] = [];

  async request(url: string | URL, init: HttpRequestInit = {}): Promise<HttpResponse> {
    const target = new URL(url);
    const headers: Record<string, string> = { ...init.headers };
    const cookie = this.cookies.cookieHeader(target);
    if (cookie) {
      headers.cookie = cookie;
    }
    const response = await httpRequest(target, { ...init, headers });
    this.cookies.storeFromResponse(target, response.headers);
    this.steps.push({ method: response.method, path: `${target.pathname}${target.search}`, status: response.status });
    return response;
  }
}

const MAX_REDIRECTS = 20;

/**
 * An authorization request in progress: the browser stands on Logto's sign-in page with a
 * live OIDC interaction. Drive the Experience API with {@link experience}, then call
 * {@link finish} with the `redirectTo` that `POST /api/experience/submit` returned.
 */
export class SignInInteraction {
  readonly #codeVerifier: string;

  constructor(
    readonly client: LogtoWebAppConfig,
    readonly browser: BrowserSession,
    readonly state: string,
    codeVerifier: string,
    /** The page the authorization request landed on (Logto: `/sign-in?app_id=...`). */
    readonly signInPageUrl: URL,
  ) {
    this.#codeVerifier = codeVerifier;
  }

  get endpoint(): string {
    return trimSlash(this.client.endpoint);
  }

  /** A call to `/api/experience<path>` with the interaction cookies. */
  async experience(method: string, path: string, json?: unknown): Promise<HttpResponse> {
    return this.browser.request(`${this.endpoint}/api/experience${path}`, { method, json });
  }

  /**
   * Follows the redirect chain after `submit` (answering first-party consent through
   * `POST /api/interaction/consent` if the chain stops at a page) up to the redirect URI.
   */
  async finish(redirectTo: string): Promise<URL> {
    let next = new URL(redirectTo, this.endpoint);
    let consentAnswered = false;

    for (let hop = 0; hop < MAX_REDIRECTS; hop += 1) {
      if (isRedirectUri(next, this.client.redirectUri)) {
        return this.#checkCallback(next);
      }
      const response = await this.browser.request(next);
      if (isRedirect(response.status)) {
        next = new URL(requireLocation(response, 'redirect chain'), next);
        continue;
      }
      if (response.status === 200 && !consentAnswered) {
        // A page, not a redirect: Logto's consent screen. A browser would show it and post
        // the user's answer; for a first-party app Logto accepts an empty body.
        const consent = await this.browser.request(`${this.endpoint}/api/interaction/consent`, {
          method: 'POST',
          json: {},
        });
        const parsed = redirectToSchema.safeParse(consent.json);
        if (consent.status !== 200 || !parsed.success) {
          throw new SignInError('consent', consent);
        }
        consentAnswered = true;
        next = new URL(parsed.data.redirectTo, this.endpoint);
        continue;
      }
      throw new SignInError('redirect chain', response, 'expected a redirect to the redirect URI');
    }
    throw new SignInError('redirect chain', undefined, `more than ${MAX_REDIRECTS} redirects`);
  }

  /**
   * The authorization_code grant for the callback's code (client_secret_basic +
   * code_verifier); returns the raw response whatever the status.
   */
  async requestCodeExchange(
    callbackUrl: URL,
    options: { tokenResource?: string; codeVerifier?: string } = {},
  ): Promise<HttpResponse> {
    const code = callbackUrl.searchParams.get('code');
    if (!code) {
      throw new SignInError('callback', undefined, `no code in ${callbackUrl.href}`);
    }
    const response = await requestToken(this.client, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.client.redirectUri,
      code_verifier: options.codeVerifier ?? this.#codeVerifier,
      resource: options.tokenResource,
    });
    this.browser.steps.push({ method: 'POST', path: '/oidc/token', status: response.status });
    return response;
  }

  /** Exchanges the callback's code at `/oidc/token`; throws unless Logto answers 200. */
  async exchangeCode(callbackUrl: URL, tokenResource?: string): Promise<TokenResponse> {
    const response = await this.requestCodeExchange(callbackUrl, { tokenResource });
    if (response.status !== 200) {
      throw new SignInError('code exchange', response);
    }
    return parseTokenResponse(response, 'authorization_code grant');
  }

  #checkCallback(callbackUrl: URL): URL {
    const error = callbackUrl.searchParams.get('error');
    if (error) {
      throw new SignInError(
        'callback',
        undefined,
        `${error}: ${callbackUrl.searchParams.get('error_description') ?? ''}`,
      );
    }
    if (callbackUrl.searchParams.get('state') !== this.state) {
      throw new SignInError('callback', undefined, `state mismatch in ${callbackUrl.href}`);
    }
    return callbackUrl;
  }
}

/** Builds the authorization URL (PKCE S256, state) for the given options. */
export function buildAuthorizationUrl(
  client: LogtoWebAppConfig,
  options: AuthorizationRequestOptions,
  pkce: { state: string; codeChallenge: string },
): URL {
  const scopes = unique([...(options.baseScopes ?? DEFAULT_SIGN_IN_SCOPES), ...(options.scopes ?? [])]);
  const resources = unique([
    ...(options.organizationResource === false ? [] : [ORGANIZATIONS_RESOURCE]),
    ...(options.resources ?? []),
  ]);
  const url = new URL(`${issuerOf(client.endpoint)}/auth`);
  url.searchParams.set('client_id', client.appId);
  url.searchParams.set('redirect_uri', client.redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', scopes.join(' '));
  url.searchParams.set('prompt', options.prompt ?? 'consent');
  url.searchParams.set('code_challenge', pkce.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', pkce.state);
  for (const resource of resources) {
    url.searchParams.append('resource', resource);
  }
  for (const [key, value] of Object.entries(options.extraParams ?? {})) {
    url.searchParams.set(key, value);
  }
  return url;
}

/**
 * Sends the authorization request and follows its redirects like a browser, up to the page
 * Logto shows (its sign-in page), with the interaction cookies in the jar.
 */
export async function startSignInInteraction(
  client: LogtoWebAppConfig,
  options: AuthorizationRequestOptions = {},
): Promise<SignInInteraction> {
  const browser = new BrowserSession();
  const state = base64url(randomBytes(16));
  const codeVerifier = base64url(randomBytes(32));
  const codeChallenge = base64url(createHash('sha256').update(codeVerifier).digest());

  let url = buildAuthorizationUrl(client, options, { state, codeChallenge });
  for (let hop = 0; hop < MAX_REDIRECTS; hop += 1) {
    const response = await browser.request(url, { headers: { accept: 'text/html,*/*' } });
    if (isRedirect(response.status)) {
      const location = new URL(requireLocation(response, 'authorization request'), url);
      if (isRedirectUri(location, client.redirectUri)) {
        throw new SignInError(
          'authorization request',
          response,
          `redirected to the app without a sign-in (${location.href})`,
        );
      }
      url = location;
      continue;
    }
    if (response.status >= 400) {
      throw new SignInError('authorization request', response);
    }
    return new SignInInteraction(client, browser, state, codeVerifier, url);
  }
  throw new SignInError('authorization request', undefined, `more than ${MAX_REDIRECTS} redirects`);
}

/**
 * Signs a user in with a password through Logto's Experience API and returns the tokens.
 *
 * @example
 * const { idToken, accessToken, refreshToken } = await signInWithPassword({
 *   endpoint, appId, appSecret, redirectUri,
 *   identifier: { type: 'username', value: 'alice' }, password,
 *   scopes: ['read:projects'],
 * });
 */
export async function signInWithPassword(options: SignInWithPasswordOptions): Promise<SignInResult> {
  const interaction = await startSignInInteraction(options, options);

  await expectStatus(interaction, 'start sign-in', 'PUT', '', { interactionEvent: 'SignIn' }, [204]);
  const verification = await expectStatus(
    interaction,
    'password verification',
    'POST',
    '/verification/password',
    { identifier: options.identifier, password: options.password },
    [200],
  );
  const { verificationId } = parseOrThrow(experienceVerificationSchema, verification, 'password verification');
  await expectStatus(interaction, 'identification', 'POST', '/identification', { verificationId }, [204]);

  return submitAndExchange(interaction, options.tokenResource);
}

/**
 * Registers a new user with an identifier (username) and a password through Logto's
 * Experience API, then completes the sign-in and returns the tokens.
 */
export async function registerWithPassword(options: RegisterWithPasswordOptions): Promise<SignInResult> {
  const interaction = await startSignInInteraction(options, options);

  await expectStatus(interaction, 'start registration', 'PUT', '', { interactionEvent: 'Register' }, [204]);
  const verification = await expectStatus(
    interaction,
    'new password identity',
    'POST',
    '/verification/new-password-identity',
    { identifier: options.identifier, password: options.password },
    [200],
  );
  const { verificationId } = parseOrThrow(experienceVerificationSchema, verification, 'new password identity');
  await expectStatus(interaction, 'identification', 'POST', '/identification', { verificationId }, [201]);

  return submitAndExchange(interaction, options.tokenResource);
}

async function submitAndExchange(
  interaction: SignInInteraction,
  tokenResource: string | undefined,
): Promise<SignInResult> {
  const submit = await expectStatus(interaction, 'submit', 'POST', '/submit', undefined, [200]);
  const { redirectTo } = parseOrThrow(redirectToSchema, submit, 'submit');
  const callbackUrl = await interaction.finish(redirectTo);
  const tokens = await interaction.exchangeCode(callbackUrl, tokenResource);

  if (!tokens.id_token || !tokens.refresh_token) {
    throw new SignInError(
      'code exchange',
      undefined,
      'the token response lacks id_token or refresh_token (was offline_access granted?)',
    );
  }
  return {
    idToken: tokens.id_token,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresIn: tokens.expires_in,
    scope: tokens.scope ?? '',
    tokenResponse: tokens,
    callbackUrl,
    steps: [...interaction.browser.steps],
  };
}

async function expectStatus(
  interaction: SignInInteraction,
  step: string,
  method: string,
  path: string,
  json: unknown,
  statuses: readonly number[],
): Promise<HttpResponse> {
  const response = await interaction.experience(method, path, json);
  if (!statuses.includes(response.status)) {
    throw new SignInError(step, response);
  }
  return response;
}

function parseOrThrow<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  response: HttpResponse,
  step: string,
): T {
  const parsed = schema.safeParse(response.json);
  if (!parsed.success) {
    throw new SignInError(step, response, 'unexpected response body');
  }
  return parsed.data;
}

function requireLocation(response: HttpResponse, step: string): string {
  const location = response.headers.get('location');
  if (!location) {
    throw new SignInError(step, response, 'redirect without a Location header');
  }
  return location;
}

function isRedirectUri(url: URL, redirectUri: string): boolean {
  const target = new URL(redirectUri);
  return url.origin === target.origin && url.pathname === target.pathname;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

export function base64url(buffer: Buffer): string {
  return buffer.toString('base64url');
}
