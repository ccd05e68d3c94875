import { createHash, randomBytes } from 'node:crypto';

import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';

import { afterAll, beforeAll } from 'vitest';

import { WEB_APP_ID, WEB_APP_SECRET } from '../src/constants.js';
import { createLocalLogtoInstance, type LocalLogtoInstance, type LocalLogtoOptions } from '../src/instance.js';
import { startLocalLogto, type LocalLogto } from '../src/server.js';

export const REDIRECT_URI = 'http://localhost:3000/callback';
export const DEFAULT_SCOPE = 'openid offline_access profile';

/** A cookie jar per host, enough for one browser-like sign-in against a loopback server. */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key = '', date = ''] = attribute.split('=');
        return key.trim().toLowerCase() === 'expires' && Date.parse(date) < Date.now();
      });
      if (expired || value === '') {
        this.#cookies.delete(name);
      } else {
        this.#cookies.set(name, value);
      }
    }
  }
}

export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export async function call<T = Record<string, unknown>>(
  url: string,
  init: RequestInit & { jar?: CookieJar; json?: unknown } = {},
): Promise<JsonResponse<T>> {
  const { jar, json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (jar) {
    headers.set('cookie', jar.header());
  }
  if (json !== undefined) {
    headers.set('content-type', 'application/json');
  }
  const response = await fetch(url, {
    ...rest,
    headers,
    body: json === undefined ? rest.body : JSON.stringify(json),
    redirect: 'manual',
  });
  jar?.store(response);
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body: body as T, text };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface AuthorizationOptions {
  scope?: string;
  resources?: string[];
  prompt?: string;
  redirectUri?: string;
  clientId?: string;
  extra?: Record<string, string>;
}

export interface StartedAuthorization {
  jar: CookieJar;
  verifier: string;
  state: string;
  location: string;
}

export async function startAuthorization(endpoint: string, options: AuthorizationOptions = {}): Promise<StartedAuthorization> {
  const jar = new CookieJar();
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(8).toString('hex');
  const params = new URLSearchParams({
    client_id: options.clientId ?? WEB_APP_ID,
    redirect_uri: options.redirectUri ?? REDIRECT_URI,
    response_type: 'code',
    scope: options.scope ?? DEFAULT_SCOPE,
    prompt: options.prompt ?? 'consent',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    ...options.extra,
  });
  for (const resource of options.resources ?? []) {
    params.append('resource', resource);
  }
  const response = await call(`${endpoint}/oidc/auth?${params.toString()}`, { jar });
  const location = response.headers.get('location');
  if (response.status !== 303 || !location) {
    throw new Error(`authorization request failed: ${response.status} ${response.text}`);
  }
  return { jar, verifier, state, location };
}

export interface SignInResult {
  code: string;
  verifier: string;
  jar: CookieJar;
  callback: URL;
}

/** Signs in through Logto's Experience API exactly as a script against a real Logto would. */
export async function signIn(
  endpoint: string,
  identifier: { type: 'username' | 'email'; value: string },
  password: string,
  options: AuthorizationOptions = {},
): Promise<SignInResult> {
  const started = await startAuthorization(endpoint, options);
  return completeSignIn(endpoint, started, identifier, password);
}

/** Runs the Experience API on an authorization another client (an SDK) started. */
export async function signInAt(
  endpoint: string,
  authorizationUrl: string,
  identifier: { type: 'username' | 'email'; value: string },
  password: string,
): Promise<SignInResult> {
  const jar = new CookieJar();
  const response = await call(authorizationUrl, { jar });
  const location = response.headers.get('location');
  if (response.status !== 303 || !location) {
    throw new Error(`authorization request failed: ${response.status} ${response.text}`);
  }
  return completeSignIn(endpoint, { jar, verifier: '', state: '', location }, identifier, password);
}

async function completeSignIn(
  endpoint: string,
  started: StartedAuthorization,
  identifier: { type: 'username' | 'email'; value: string },
  password: string,
): Promise<SignInResult> {
  const { jar } = started;
  expectStatus(await call(`${endpoint}/api/experience`, { method: 'PUT', jar, json: { interactionEvent: 'SignIn' } }), 204);
  const verification = expectStatus(
    await call<{ verificationId: string }>(`${endpoint}/api/experience/verification/password`, {
      method: 'POST',
      jar,
      json: { identifier, password },
    }),
    200,
  );
  expectStatus(
    await call(`${endpoint}/api/experience/identification`, {
      method: 'POST',
      jar,
      json: { verificationId: verification.body.verificationId },
    }),
    204,
  );
  const submitted = expectStatus(
    await call<{ redirectTo: string }>(`${endpoint}/api/experience/submit`, { method: 'POST', jar }),
    200,
  );
  return finishAuthorization(endpoint, started, submitted.body.redirectTo);
}

/** Follows the redirects after submit, answering the first-party consent like Logto's sign-in app. */
export async function finishAuthorization(
  endpoint: string,
  started: StartedAuthorization,
  redirectTo: string,
): Promise<SignInResult> {
  const { jar } = started;
  let next = redirectTo;
  for (let hop = 0; hop < 5; hop += 1) {
    const response = await call(new URL(next, endpoint).href, { jar });
    const location = response.headers.get('location');
    if (response.status !== 303 || !location) {
      throw new Error(`unexpected response while finishing sign-in: ${response.status} ${response.text}`);
    }
    if (location.startsWith('/consent')) {
      const consent = expectStatus(
        await call<{ redirectTo: string }>(`${endpoint}/api/interaction/consent`, { method: 'POST', jar, json: {} }),
        200,
      );
      next = consent.body.redirectTo;
      continue;
    }
    const callback = new URL(location);
    const code = callback.searchParams.get('code');
    if (!code) {
      throw new Error(`authorization failed: ${location}`);
    }
    return { code, verifier: started.verifier, jar, callback };
  }
  throw new Error('too many redirects');
}

export function basicAuth(clientId = WEB_APP_ID, secret = WEB_APP_SECRET): string {
  return `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
}

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
  expires_in: number;
  token_type: string;
  code?: string;
  error?: string;
  error_description?: string;
}

export async function token(
  endpoint: string,
  params: Record<string, string | string[]>,
  authorization: string | null = basicAuth(),
): Promise<JsonResponse<TokenResponse>> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      body.append(key, item);
    }
  }
  return call<TokenResponse>(`${endpoint}/oidc/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(authorization ? { authorization } : {}),
    },
    body: body.toString(),
  });
}

export async function exchangeCode(
  endpoint: string,
  result: SignInResult,
  extra: Record<string, string> = {},
): Promise<TokenResponse> {
  const response = await token(endpoint, {
    grant_type: 'authorization_code',
    code: result.code,
    redirect_uri: REDIRECT_URI,
    code_verifier: result.verifier,
    ...extra,
  });
  return expectStatus(response, 200).body;
}

export function expectStatus<T>(response: JsonResponse<T>, status: number): JsonResponse<T> {
  if (response.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${response.status}: ${response.text}`);
  }
  return response;
}

export async function verifyJwt(endpoint: string, jwt: string, audience: string): Promise<JWTPayload> {
  const jwks = createRemoteJWKSet(new URL(`${endpoint}/oidc/jwks`));
  const { payload } = await jwtVerify(jwt, jwks, { issuer: `${endpoint}/oidc`, audience, algorithms: ['ES384'] });
  return payload;
}

export { decodeJwt, decodeProtectedHeader };

export const m2mAuth = (): string =>
  basicAuth('local-m2m-app', 'local-m2m-app-secret-for-development-only');

export async function managementToken(endpoint: string): Promise<string> {
  const response = await token(
    endpoint,
    { grant_type: 'client_credentials', resource: 'https://default.logto.app/api', scope: 'all' },
    m2mAuth(),
  );
  return expectStatus(response, 200).body.access_token;
}

export interface ManagementClient {
  request<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<JsonResponse<T>>;
  token: string;
}

/** A Management API client with a client_credentials token of the seeded M2M app. */
export async function managementClient(endpoint: string): Promise<ManagementClient> {
  const accessToken = await managementToken(endpoint);
  return {
    token: accessToken,
    request: (method, path, body, headers = {}) =>
      call(`${endpoint}${path}`, {
        method,
        headers: { authorization: `Bearer ${accessToken}`, ...headers },
        ...(body === undefined ? {} : { json: body }),
      }),
  };
}

/** Starts something before the calling file's tests and stops it after; the getter is valid inside tests and hooks. */
function useStarted<T extends { stop(): Promise<void> }>(start: () => Promise<T>, what: string): () => T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    await started?.stop();
  });
  return () => {
    if (!started) throw new Error(`${what} not started yet: use it inside a test or hook`);
    return started;
  };
}

/** One in-memory server for the calling test file, through the public entry point (`startLocalLogto`). */
export function useServer(): () => LocalLogto {
  return useStarted(() => startLocalLogto({ port: 0, quiet: true }), 'server');
}

/**
 * One in-memory server for the calling test file, with its internals (database, provider, hooks)
 * and a Management API client of the seeded M2M app; started before its tests, stopped after.
 */
export function useInstance(options: Omit<LocalLogtoOptions, 'port' | 'quiet' | 'dataDir'> = {}): {
  server: () => LocalLogtoInstance;
  api: () => ManagementClient;
} {
  const started = useStarted(async () => {
    const server = await createLocalLogtoInstance({ ...options, port: 0, quiet: true });
    try {
      return { server, api: await managementClient(server.endpoint), stop: () => server.stop() };
    } catch (error) {
      await server.stop();
      throw error;
    }
  }, 'server');
  return { server: () => started().server, api: () => started().api };
}
