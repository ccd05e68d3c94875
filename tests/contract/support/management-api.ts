// A tiny Management API client for tests: an M2M token from client_credentials (Basic auth,
// `resource` + `scope=all`), cached until shortly before it expires, and raw responses so
// tests can assert status, headers and body.
import { httpRequest, type HttpResponse } from './http';
import { fetchClientCredentialsToken, trimSlash } from './oidc-client';

export interface ManagementApiConfig {
  endpoint: string;
  m2mAppId: string;
  m2mAppSecret: string;
  /** The Management API resource indicator (`https://default.logto.app/api` self-hosted). */
  resource: string;
}

export type QueryValue = string | number | boolean | readonly string[] | undefined;
export type Query = Record<string, QueryValue> | URLSearchParams;

export interface ManagementRequestOptions {
  query?: Query;
  json?: unknown;
  /** Overrides the Authorization header; `null` sends none. */
  authorization?: string | null;
}

export class ManagementApi {
  readonly endpoint: string;
  #token: { value: string; expiresAt: number } | undefined;
  #pending: Promise<string> | undefined;

  constructor(readonly config: ManagementApiConfig) {
    this.endpoint = trimSlash(config.endpoint);
  }

  /** An M2M access token for the Management API (cached; one request in flight at a time). */
  async token(): Promise<string> {
    if (this.#token && this.#token.expiresAt - 60_000 > Date.now()) {
      return this.#token.value;
    }
    this.#pending ??= (async () => {
      try {
        const response = await fetchClientCredentialsToken(
          { endpoint: this.endpoint, appId: this.config.m2mAppId, appSecret: this.config.m2mAppSecret },
          { resource: this.config.resource, scope: 'all' },
        );
        this.#token = { value: response.access_token, expiresAt: Date.now() + response.expires_in * 1000 };
        return response.access_token;
      } finally {
        this.#pending = undefined;
      }
    })();
    return this.#pending;
  }

  /** The absolute URL of a Management API path such as `/api/organizations`. */
  url(path: string, query?: Query): URL {
    const url = new URL(`${this.endpoint}${path}`);
    const params = query instanceof URLSearchParams ? query : toSearchParams(query);
    for (const [key, value] of params) {
      url.searchParams.append(key, value);
    }
    return url;
  }

  async request(method: string, path: string, options: ManagementRequestOptions = {}): Promise<HttpResponse> {
    const headers: Record<string, string> = {};
    if (options.authorization === undefined) {
      headers.authorization = `Bearer ${await this.token()}`;
    } else if (options.authorization !== null) {
      headers.authorization = options.authorization;
    }
    return httpRequest(this.url(path, options.query), { method, headers, json: options.json });
  }

  get(path: string, query?: Query, options: Omit<ManagementRequestOptions, 'query' | 'json'> = {}) {
    return this.request('GET', path, { ...options, query });
  }

  post(path: string, json?: unknown) {
    return this.request('POST', path, { json });
  }

  put(path: string, json?: unknown) {
    return this.request('PUT', path, { json });
  }

  patch(path: string, json?: unknown) {
    return this.request('PATCH', path, { json });
  }

  delete(path: string) {
    return this.request('DELETE', path);
  }
}

function toSearchParams(query: Record<string, QueryValue> | undefined): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) {
      continue;
    }
    if (typeof value === 'object') {
      for (const item of value) {
        params.append(key, item);
      }
    } else {
      params.append(key, String(value));
    }
  }
  return params;
}
