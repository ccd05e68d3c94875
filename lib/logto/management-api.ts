// The only Management API client. One transport (`request`), zod schemas for every response,
// one error type. Framework-free so scripts (logto:setup, logto:doctor) and tests use it too;
// the app's instance lives in management-api-client.ts.
import { z } from 'zod';

export class LogtoApiError extends Error {
  constructor(
    /** HTTP status; 0 when no answer arrived (network error or timeout). */
    readonly status: number,
    /** Logto's error code (`entity.not_exists_with_id`, ...), or ours for transport failures. */
    readonly code: string,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'LogtoApiError';
  }

  /** True when nothing reached Logto or Logto did not answer: retrying may help, the request may or may not have happened. */
  get isUnavailable() {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

const errorBodySchema = z.object({ code: z.string(), message: z.string(), data: z.unknown().optional() });
const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });
const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: z.string(),
});

const roleRefSchema = z.object({ id: z.string(), name: z.string() });

export const organizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  customData: z.record(z.string(), z.unknown()),
  isMfaRequired: z.boolean(),
  branding: z
    .object({ logoUrl: z.string().optional(), darkLogoUrl: z.string().optional() })
    .loose()
    .default({}),
  createdAt: z.number(),
});
export type LogtoOrganization = z.infer<typeof organizationSchema>;

export const userOrganizationSchema = organizationSchema.extend({ organizationRoles: z.array(roleRefSchema) });
export type LogtoUserOrganization = z.infer<typeof userOrganizationSchema>;

export const userSchema = z.object({
  id: z.string(),
  username: z.string().nullable(),
  primaryEmail: z.string().nullable(),
  name: z.string().nullable(),
  avatar: z.string().nullable(),
  createdAt: z.number(),
});
export type LogtoUser = z.infer<typeof userSchema>;

export const memberSchema = userSchema.extend({ organizationRoles: z.array(roleRefSchema) });
export type LogtoMember = z.infer<typeof memberSchema>;

export const invitationSchema = z.object({
  id: z.string(),
  inviterId: z.string().nullable(),
  invitee: z.string(),
  acceptedUserId: z.string().nullable(),
  organizationId: z.string(),
  status: z.enum(['Pending', 'Accepted', 'Expired', 'Revoked']),
  createdAt: z.number(),
  updatedAt: z.number(),
  expiresAt: z.number(),
  organizationRoles: z.array(roleRefSchema),
});
export type LogtoInvitation = z.infer<typeof invitationSchema>;

export const organizationRoleSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  scopes: z.array(roleRefSchema).optional(),
});
export type LogtoOrganizationRole = z.infer<typeof organizationRoleSchema>;

export const organizationScopeSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
});
export type LogtoOrganizationScope = z.infer<typeof organizationScopeSchema>;

/** A permission of an API resource (Logto calls it a scope). */
export const resourceScopeSchema = z.object({
  id: z.string(),
  resourceId: z.string(),
  name: z.string(),
  description: z.string().nullable(),
});
export type LogtoResourceScope = z.infer<typeof resourceScopeSchema>;

/** An API resource; lists embed `scopes` with `includeScopes=true`. */
export const resourceSchema = z.object({
  id: z.string(),
  name: z.string(),
  indicator: z.string(),
  isDefault: z.boolean(),
  accessTokenTtl: z.number(),
  scopes: z.array(resourceScopeSchema).optional(),
});
export type LogtoResource = z.infer<typeof resourceSchema>;

/** A global (tenant-wide) role; `isDefault` roles go to every user created afterwards. */
export const roleSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  type: z.enum(['User', 'MachineToMachine']),
  isDefault: z.boolean(),
});
export type LogtoRole = z.infer<typeof roleSchema>;

/** An application, without its secret (never parsed, so never held or logged). */
export const applicationSchema = z.object({
  id: z.string(),
  name: z.string(),
  // A string, not an enum: a newer Logto may add application types.
  type: z.string(),
  oidcClientMetadata: z.object({
    redirectUris: z.array(z.string()),
    postLogoutRedirectUris: z.array(z.string()),
  }),
});
export type LogtoApplication = z.infer<typeof applicationSchema>;

/** A webhook; Logto returns its signing key with it. */
export const hookSchema = z.object({
  id: z.string(),
  name: z.string(),
  events: z.array(z.string()),
  config: z.object({ url: z.string(), headers: z.record(z.string(), z.string()).optional() }),
  signingKey: z.string(),
  enabled: z.boolean(),
});
export type LogtoHook = z.infer<typeof hookSchema>;

export type ManagementApiOptions = {
  endpoint: string;
  appId: string;
  appSecret: string;
  /** LOGTO_MANAGEMENT_API_RESOURCE */
  resource: string;
  /** Per request, token requests included. */
  timeoutMs?: number;
  /** Injectable for tests (fault injection, counting); defaults to the global fetch. */
  fetch?: typeof fetch;
  now?: () => number;
};

type RequestOptions<T> = {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  schema?: z.ZodType<T>;
};

/** Renew the M2M token this long before Logto says it expires. */
const TOKEN_EXPIRY_MARGIN_MS = 60_000;

/** Logto's largest page size. */
const LIST_PAGE_SIZE = 100;

export function createManagementApi(options: ManagementApiOptions) {
  const { endpoint, appId, appSecret, resource, timeoutMs = 10_000, now = () => Date.now() } = options;
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  let cached: { token: string; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new LogtoApiError(0, 'request.timeout', `Logto did not answer within ${timeoutMs} ms`);
      }
      throw new LogtoApiError(0, 'request.network_error', `Could not reach Logto at ${endpoint}`);
    }
  }

  async function requestToken(): Promise<string> {
    const response = await send(`${endpoint}/oidc/token`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${encodeURIComponent(appId)}:${encodeURIComponent(appSecret)}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', resource, scope: 'all' }),
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const oauth = oauthErrorSchema.safeParse(body);
      throw new LogtoApiError(
        response.status,
        oauth.success ? `oidc.${oauth.data.error}` : 'oidc.unknown_error',
        oauth.success
          ? `Management API token request failed: ${oauth.data.error_description ?? oauth.data.error}`
          : `Management API token request failed with HTTP ${response.status}`,
      );
    }
    const parsed = tokenResponseSchema.safeParse(body);
    if (!parsed.success) throw new LogtoApiError(502, 'oidc.invalid_response', 'Logto answered the token request with an unexpected body');
    cached = { token: parsed.data.access_token, expiresAt: now() + parsed.data.expires_in * 1000 - TOKEN_EXPIRY_MARGIN_MS };
    return parsed.data.access_token;
  }

  /** The M2M access token, cached until shortly before expiry; one token request in flight at a time. */
  async function getToken(): Promise<string> {
    if (cached && cached.expiresAt > now()) return cached.token;
    inFlight ??= requestToken().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  async function request<T = undefined>(method: string, path: string, { query, body, schema }: RequestOptions<T> = {}) {
    const url = new URL(`${endpoint}/api${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const call = async (token: string) =>
      send(url.toString(), {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    let response = await call(await getToken());
    if (response.status === 401) {
      // Our cached token was refused (revoked, or keys rotated). Logto did nothing with the
      // request, so one retry with a fresh token is safe even for POST.
      cached = undefined;
      response = await call(await getToken());
    }

    const text = await response.text();
    const json: unknown = text === '' ? undefined : safeJson(text);
    if (!response.ok) {
      const parsed = errorBodySchema.safeParse(json);
      throw parsed.success
        ? new LogtoApiError(response.status, parsed.data.code, parsed.data.message, parsed.data.data)
        : new LogtoApiError(response.status, 'request.unexpected_status', `Logto answered ${method} ${path} with HTTP ${response.status}`);
    }
    if (!schema) return { data: undefined as T, headers: response.headers };
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new LogtoApiError(502, 'request.invalid_response', `Logto answered ${method} ${path} with an unexpected body`, z.treeifyError(parsed.error));
    }
    return { data: parsed.data, headers: response.headers };
  }

  const totalOf = (headers: Headers) => Number(headers.get('Total-Number') ?? '0');

  /**
   * Every item of a paginated list, page by page. Logto's lists have no stable order (pages may
   * overlap), so items are de-duplicated by id.
   */
  async function listAll<T extends { id: string }>(path: string, schema: z.ZodType<T>, query: Record<string, string> = {}) {
    const items = new Map<string, T>();
    for (let page = 1; ; page += 1) {
      const { data, headers } = await request('GET', path, { query: { ...query, page, page_size: LIST_PAGE_SIZE }, schema: z.array(schema) });
      const known = items.size;
      for (const item of data) items.set(item.id, item);
      const total = headers.get('Total-Number');
      const done = data.length < LIST_PAGE_SIZE || (total !== null && page * LIST_PAGE_SIZE >= Number(total));
      // A page with nothing new means the server ignores `page`: stop rather than loop forever.
      if (done || items.size === known) return [...items.values()];
    }
  }

  return {
    getToken,
    request,

    organizations: {
      create: async (input: { name: string; description?: string | null; customData?: Record<string, unknown> }) =>
        (await request('POST', '/organizations', { body: input, schema: organizationSchema })).data,
      get: async (organizationId: string) =>
        (await request('GET', `/organizations/${encodeURIComponent(organizationId)}`, { schema: organizationSchema })).data,
      update: async (
        organizationId: string,
        patch: Partial<{ name: string; description: string | null; isMfaRequired: boolean; branding: Record<string, string>; customData: Record<string, unknown> }>,
      ) => (await request('PATCH', `/organizations/${encodeURIComponent(organizationId)}`, { body: patch, schema: organizationSchema })).data,
      delete: async (organizationId: string) => {
        await request('DELETE', `/organizations/${encodeURIComponent(organizationId)}`);
      },
      addUsers: async (organizationId: string, userIds: string[]) => {
        await request('POST', `/organizations/${encodeURIComponent(organizationId)}/users`, { body: { userIds } });
      },
      removeUser: async (organizationId: string, userId: string) => {
        await request('DELETE', `/organizations/${encodeURIComponent(organizationId)}/users/${encodeURIComponent(userId)}`);
      },
      listMembers: async (organizationId: string, query: { q?: string; page: number; pageSize: number; organizationRoleId?: string }) => {
        const { data, headers } = await request('GET', `/organizations/${encodeURIComponent(organizationId)}/users`, {
          query: { q: query.q || undefined, page: query.page, page_size: query.pageSize, organizationRoleId: query.organizationRoleId },
          schema: z.array(memberSchema),
        });
        return { items: data, total: totalOf(headers) };
      },
      /** Every member with their roles, page by page (owner counts, token invalidation). */
      listAllMembers: async (organizationId: string) => listAll(`/organizations/${encodeURIComponent(organizationId)}/users`, memberSchema),
      /** Adds roles by name (Logto resolves names; unknown names are refused and nothing changes). */
      addUserRolesByName: async (organizationId: string, userId: string, organizationRoleNames: string[]) => {
        await request('POST', `/organizations/${encodeURIComponent(organizationId)}/users/${encodeURIComponent(userId)}/roles`, {
          body: { organizationRoleNames },
        });
      },
      /** Replaces the user's roles in the organization. */
      setUserRolesByName: async (organizationId: string, userId: string, organizationRoleNames: string[]) => {
        await request('PUT', `/organizations/${encodeURIComponent(organizationId)}/users/${encodeURIComponent(userId)}/roles`, {
          body: { organizationRoleNames },
        });
      },
      getUserRoles: async (organizationId: string, userId: string) =>
        (
          await request('GET', `/organizations/${encodeURIComponent(organizationId)}/users/${encodeURIComponent(userId)}/roles`, {
            schema: z.array(organizationRoleSchema),
          })
        ).data,
    },

    organizationRoles: {
      list: async () => (await request('GET', '/organization-roles', { query: { page: 1, page_size: 100 }, schema: z.array(organizationRoleSchema) })).data,
      /** Every organization role, each with its `scopes` embedded. */
      listAll: async () => listAll('/organization-roles', organizationRoleSchema),
      create: async (input: { name: string; description?: string | null; organizationScopeIds?: string[] }) =>
        (await request('POST', '/organization-roles', { body: input, schema: organizationRoleSchema })).data,
      listScopes: async (organizationRoleId: string) =>
        listAll(`/organization-roles/${encodeURIComponent(organizationRoleId)}/scopes`, organizationScopeSchema),
      addScopes: async (organizationRoleId: string, organizationScopeIds: string[]) => {
        await request('POST', `/organization-roles/${encodeURIComponent(organizationRoleId)}/scopes`, { body: { organizationScopeIds } });
      },
      removeScope: async (organizationRoleId: string, organizationScopeId: string) => {
        await request('DELETE', `/organization-roles/${encodeURIComponent(organizationRoleId)}/scopes/${encodeURIComponent(organizationScopeId)}`);
      },
    },

    organizationScopes: {
      listAll: async () => listAll('/organization-scopes', organizationScopeSchema),
      create: async (input: { name: string; description?: string | null }) =>
        (await request('POST', '/organization-scopes', { body: input, schema: organizationScopeSchema })).data,
    },

    resources: {
      /** Every API resource, each with its `scopes` embedded. */
      listAll: async () => listAll('/resources', resourceSchema, { includeScopes: 'true' }),
      create: async (input: { name: string; indicator: string; accessTokenTtl?: number }) =>
        (await request('POST', '/resources', { body: input, schema: resourceSchema })).data,
      createScope: async (resourceId: string, input: { name: string; description?: string | null }) =>
        (await request('POST', `/resources/${encodeURIComponent(resourceId)}/scopes`, { body: input, schema: resourceScopeSchema })).data,
    },

    roles: {
      listAll: async (query: { type?: 'User' | 'MachineToMachine' } = {}) =>
        listAll('/roles', roleSchema, query.type ? { type: query.type } : {}),
      /** Logto answers 200 (not 201). */
      create: async (input: { name: string; description: string; type: 'User' | 'MachineToMachine'; scopeIds?: string[]; isDefault?: boolean }) =>
        (await request('POST', '/roles', { body: input, schema: roleSchema })).data,
      update: async (roleId: string, patch: Partial<{ name: string; description: string; isDefault: boolean }>) =>
        (await request('PATCH', `/roles/${encodeURIComponent(roleId)}`, { body: patch, schema: roleSchema })).data,
      listScopes: async (roleId: string) => listAll(`/roles/${encodeURIComponent(roleId)}/scopes`, resourceScopeSchema),
      addScopes: async (roleId: string, scopeIds: string[]) => {
        await request('POST', `/roles/${encodeURIComponent(roleId)}/scopes`, { body: { scopeIds } });
      },
    },

    applications: {
      get: async (applicationId: string) =>
        (await request('GET', `/applications/${encodeURIComponent(applicationId)}`, { schema: applicationSchema })).data,
      /** Logto requires both lists in every update; each replaces the stored one. */
      updateRedirectUris: async (applicationId: string, uris: { redirectUris: string[]; postLogoutRedirectUris: string[] }) =>
        (
          await request('PATCH', `/applications/${encodeURIComponent(applicationId)}`, {
            body: { oidcClientMetadata: uris },
            schema: applicationSchema,
          })
        ).data,
    },

    hooks: {
      /** Every hook (Logto lists hooks whole unless a page is asked for). */
      list: async () => (await request('GET', '/hooks', { schema: z.array(hookSchema) })).data,
      create: async (input: { name: string; events: string[]; config: { url: string } }) =>
        (await request('POST', '/hooks', { body: input, schema: hookSchema })).data,
      update: async (hookId: string, patch: { events?: string[]; enabled?: boolean }) =>
        (await request('PATCH', `/hooks/${encodeURIComponent(hookId)}`, { body: patch, schema: hookSchema })).data,
      /** Logto generates the new key; the old one stops working at once. */
      rotateSigningKey: async (hookId: string) =>
        (await request('PATCH', `/hooks/${encodeURIComponent(hookId)}/signing-key`, { schema: hookSchema })).data,
      /** Logto sends a fake payload of `event` to `url`, signed with the hook's key, and answers 422 when that fails. */
      test: async (hookId: string, input: { event: string; url: string }) => {
        await request('POST', `/hooks/${encodeURIComponent(hookId)}/test`, { body: { events: [input.event], config: { url: input.url } } });
      },
    },

    users: {
      get: async (userId: string) => (await request('GET', `/users/${encodeURIComponent(userId)}`, { schema: userSchema })).data,
      organizations: async (userId: string) =>
        (await request('GET', `/users/${encodeURIComponent(userId)}/organizations`, { schema: z.array(userOrganizationSchema) })).data,
    },

    invitations: {
      create: async (input: {
        invitee: string;
        organizationId: string;
        expiresAt: number;
        organizationRoleIds: string[];
        inviterId: string;
        messagePayload?: Record<string, string>;
      }) => (await request('POST', '/organization-invitations', { body: input, schema: invitationSchema })).data,
      list: async (query: { organizationId?: string; invitee?: string }) =>
        (await request('GET', '/organization-invitations', { query, schema: z.array(invitationSchema) })).data,
      get: async (invitationId: string) =>
        (await request('GET', `/organization-invitations/${encodeURIComponent(invitationId)}`, { schema: invitationSchema })).data,
      setStatus: async (invitationId: string, status: 'Accepted' | 'Revoked', acceptedUserId?: string) =>
        (
          await request('PUT', `/organization-invitations/${encodeURIComponent(invitationId)}/status`, {
            body: { status, ...(acceptedUserId ? { acceptedUserId } : {}) },
            schema: invitationSchema,
          })
        ).data,
      resend: async (invitationId: string, messagePayload: Record<string, string>) => {
        await request('POST', `/organization-invitations/${encodeURIComponent(invitationId)}/message`, { body: messagePayload });
      },
      delete: async (invitationId: string) => {
        await request('DELETE', `/organization-invitations/${encodeURIComponent(invitationId)}`);
      },
    },
  };
}

export type ManagementApi = ReturnType<typeof createManagementApi>;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
