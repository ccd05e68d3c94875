// The only Management API client: Logto's own `@logto/api` (typed from Logto's OpenAPI) under
// the app's thin domain wrapper, which adds what the app relies on: one M2M token request at a
// time, timeouts, one retry on a refused token, zod checks of the shapes the app reads, and one
// error type. Framework-free so scripts (logto:setup, logto:doctor) and tests use it too; the
// app's instance lives in management-api-client.ts. Why this shape: docs/architecture.md.
import { createApiClient } from '@logto/api/management';
import { z } from 'zod';

// Next.js may bundle this module more than once (route handlers, pages and instrumentation
// get chunks of their own), while the client is one object per process (globalThis, see
// management-api-client.ts): its errors can come from another copy of this class. So
// `instanceof LogtoApiError` recognises every copy by a registered symbol.
const LOGTO_API_ERROR = Symbol.for('saas-starter.LogtoApiError');

export class LogtoApiError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [LOGTO_API_ERROR]?: unknown })[LOGTO_API_ERROR] === true;
  }

  readonly [LOGTO_API_ERROR] = true;

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

/** An organization's sign-in colours (Logto's partial `color`; every key may be missing). */
export const organizationColorSchema = z.object({
  primaryColor: z.string().optional(),
  isDarkModeEnabled: z.boolean().optional(),
  darkPrimaryColor: z.string().optional(),
});
export type LogtoOrganizationColor = z.infer<typeof organizationColorSchema>;

/** The sign-in branding Logto stores on an organization (read whole, for the branding settings). */
export const organizationBrandingSchema = z.object({
  id: z.string(),
  branding: z
    .object({ logoUrl: z.string(), darkLogoUrl: z.string(), favicon: z.string(), darkFavicon: z.string() })
    .partial()
    .loose()
    .default({}),
  color: organizationColorSchema.loose().default({}),
});
export type LogtoOrganizationBranding = z.infer<typeof organizationBrandingSchema>;

/** One e-mail domain of an organization's just-in-time provisioning. */
export const jitEmailDomainSchema = z.object({ organizationId: z.string(), emailDomain: z.string() });
export type LogtoJitEmailDomain = z.infer<typeof jitEmailDomainSchema>;

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

/** `GET /api/users/:id` read for the suspension Logto enforces (it refuses a suspended user tokens). */
const userWithStatusSchema = userSchema.extend({ isSuspended: z.boolean() });

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
  /** Logto 1.37 sends it; `MachineToMachine` roles are the only ones an app can hold. */
  type: z.enum(['User', 'MachineToMachine']).optional(),
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

/** One of a user's MFA factors; `type` stays a string, since Logto adds factor types. */
export const mfaVerificationSchema = z.object({
  id: z.string(),
  type: z.string(),
  createdAt: z.string(),
});
export type LogtoMfaVerification = z.infer<typeof mfaVerificationSchema>;

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

/** One secret of an application (Logto 1.37's application secrets: the ones its token endpoint accepts). */
export const applicationSecretSchema = z.object({
  name: z.string(),
  value: z.string(),
  expiresAt: z.number().nullable().optional(),
});
export type LogtoApplicationSecret = z.infer<typeof applicationSecretSchema>;

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

/** What the app adds to every call of Logto's client: its transport, and the body left as text for zod. */
type CallOptions = {
  parseAs: 'text';
  headers: { Accept: string };
  fetch: (request: Request) => Promise<Response>;
};

/** The part of a Logto client answer the wrapper reads (openapi-fetch's result, whatever the path). */
type ClientAnswer = { data?: unknown; error?: unknown; response: Response };

/** Renew the M2M token this long before Logto says it expires. */
const TOKEN_EXPIRY_MARGIN_MS = 60_000;

/** Logto's largest page size. */
const LIST_PAGE_SIZE = 100;

type Paging = { page: number; page_size: number };

export function createManagementApi(options: ManagementApiOptions) {
  const { endpoint, appId, appSecret, resource, timeoutMs = 10_000, now = () => Date.now() } = options;
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  let cached: { token: string; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  /** Every request to Logto goes through here. The timeout starts as the request leaves, so waiting for a token does not use it up. */
  async function send(input: string | Request, init?: RequestInit): Promise<Response> {
    try {
      return await doFetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' });
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

  // Logto's typed client with our token function: the client-credentials helper of
  // `createManagementApi` would make one token request per concurrent caller.
  const client = createApiClient({ baseUrl: endpoint, getToken });

  /** Runs one client call, retrying once on a refused token, and turns a failure into a LogtoApiError. */
  async function call(run: (options: CallOptions) => Promise<ClientAnswer>) {
    let line = 'a Management API request';
    const options: CallOptions = {
      parseAs: 'text',
      headers: { Accept: 'application/json' },
      fetch: (request) => {
        line = `${request.method} ${new URL(request.url).pathname}`;
        return send(request);
      },
    };
    let { data, error, response } = await run(options);
    if (response.status === 401) {
      // Our cached token was refused (revoked, or keys rotated). Logto did nothing with the
      // request, so one retry with a fresh token is safe even for POST.
      cached = undefined;
      ({ data, error, response } = await run(options));
    }
    if (!response.ok) {
      const parsed = errorBodySchema.safeParse(error);
      throw parsed.success
        ? new LogtoApiError(response.status, parsed.data.code, parsed.data.message, parsed.data.data)
        : new LogtoApiError(response.status, 'request.unexpected_status', `Logto answered ${line} with HTTP ${response.status}`);
    }
    return { text: typeof data === 'string' ? data : '', headers: response.headers, line };
  }

  /** The answer's body checked against the shape the app reads; anything else is Logto misbehaving. */
  function parse<T>(schema: z.ZodType<T>, { text, line }: { text: string; line: string }): T {
    const parsed = schema.safeParse(text === '' ? undefined : safeJson(text));
    if (!parsed.success) {
      throw new LogtoApiError(502, 'request.invalid_response', `Logto answered ${line} with an unexpected body`, z.treeifyError(parsed.error));
    }
    return parsed.data;
  }

  const read = async <T>(schema: z.ZodType<T>, run: (options: CallOptions) => Promise<ClientAnswer>) => parse(schema, await call(run));

  const untypedRequest = client.request as unknown as (method: string, path: string, init: object) => Promise<ClientAnswer>;

  /** Any Management API path (`/users`, ...) the typed methods below do not cover; same token, timeout and errors. */
  async function request<T = undefined>(method: string, path: string, { query, body, schema }: RequestOptions<T> = {}) {
    const answer = await call((init) => untypedRequest(method, `/api${path}`, { ...init, params: { query }, body }));
    return { data: schema ? parse(schema, answer) : (undefined as T), headers: answer.headers };
  }

  const totalOf = (headers: Headers) => Number(headers.get('Total-Number') ?? '0');

  /**
   * Every item of a paginated list, page by page. Logto's lists have no stable order (pages may
   * overlap), so items are de-duplicated by id.
   */
  async function listAll<T extends { id: string }>(schema: z.ZodType<T>, fetchPage: (paging: Paging, options: CallOptions) => Promise<ClientAnswer>) {
    const items = new Map<string, T>();
    for (let page = 1; ; page += 1) {
      const answer = await call((init) => fetchPage({ page, page_size: LIST_PAGE_SIZE }, init));
      const data = parse(z.array(schema), answer);
      const known = items.size;
      for (const item of data) items.set(item.id, item);
      const total = answer.headers.get('Total-Number');
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
        read(organizationSchema, (init) => client.POST('/api/organizations', { ...init, body: input })),
      get: async (organizationId: string) =>
        read(organizationSchema, (init) => client.GET('/api/organizations/{id}', { ...init, params: { path: { id: organizationId } } })),
      update: async (
        organizationId: string,
        // `branding`, `color` and `customData` each replace the stored value whole.
        patch: Partial<{
          name: string;
          description: string | null;
          isMfaRequired: boolean;
          branding: Record<string, string>;
          color: LogtoOrganizationColor;
          customData: Record<string, unknown>;
        }>,
      ) => read(organizationSchema, (init) => client.PATCH('/api/organizations/{id}', { ...init, params: { path: { id: organizationId } }, body: patch })),
      delete: async (organizationId: string) => {
        await call((init) => client.DELETE('/api/organizations/{id}', { ...init, params: { path: { id: organizationId } } }));
      },
      addUsers: async (organizationId: string, userIds: string[]) => {
        await call((init) => client.POST('/api/organizations/{id}/users', { ...init, params: { path: { id: organizationId } }, body: { userIds } }));
      },
      removeUser: async (organizationId: string, userId: string) => {
        await call((init) => client.DELETE('/api/organizations/{id}/users/{userId}', { ...init, params: { path: { id: organizationId, userId } } }));
      },
      listMembers: async (organizationId: string, query: { q?: string; page: number; pageSize: number }) => {
        const answer = await call((init) =>
          client.GET('/api/organizations/{id}/users', {
            ...init,
            params: { path: { id: organizationId }, query: { q: query.q || undefined, page: query.page, page_size: query.pageSize } },
          }),
        );
        return { items: parse(z.array(memberSchema), answer), total: totalOf(answer.headers) };
      },
      /** Every member with their roles, page by page (owner counts, token invalidation). */
      listAllMembers: async (organizationId: string) =>
        listAll(memberSchema, (paging, init) => client.GET('/api/organizations/{id}/users', { ...init, params: { path: { id: organizationId }, query: paging } })),
      /** Adds roles by name (Logto resolves names; unknown names are refused and nothing changes). */
      addUserRolesByName: async (organizationId: string, userId: string, organizationRoleNames: string[]) => {
        await call((init) =>
          client.POST('/api/organizations/{id}/users/{userId}/roles', { ...init, params: { path: { id: organizationId, userId } }, body: { organizationRoleNames } }),
        );
      },
      /** Replaces the user's roles in the organization. */
      setUserRolesByName: async (organizationId: string, userId: string, organizationRoleNames: string[]) => {
        await call((init) =>
          client.PUT('/api/organizations/{id}/users/{userId}/roles', { ...init, params: { path: { id: organizationId, userId } }, body: { organizationRoleNames } }),
        );
      },
      /** Adds machine-to-machine apps to the organization (Logto refuses other application types with 422). */
      addApplications: async (organizationId: string, applicationIds: string[]) => {
        await call((init) =>
          client.POST('/api/organizations/{id}/applications', { ...init, params: { path: { id: organizationId } }, body: { applicationIds } }),
        );
      },
      /** Gives an app of the organization roles by id (only MachineToMachine roles; Logto takes no names here). */
      addApplicationRoles: async (organizationId: string, applicationId: string, organizationRoleIds: string[]) => {
        await call((init) =>
          client.POST('/api/organizations/{id}/applications/{applicationId}/roles', {
            ...init,
            params: { path: { id: organizationId, applicationId } },
            body: { organizationRoleIds },
          }),
        );
      },
      getApplicationRoles: async (organizationId: string, applicationId: string) =>
        read(z.array(organizationRoleSchema), (init) =>
          client.GET('/api/organizations/{id}/applications/{applicationId}/roles', {
            ...init,
            params: { path: { id: organizationId, applicationId } },
          }),
        ),
      getUserRoles: async (organizationId: string, userId: string) =>
        read(z.array(organizationRoleSchema), (init) =>
          client.GET('/api/organizations/{id}/users/{userId}/roles', { ...init, params: { path: { id: organizationId, userId } } }),
        ),
      /** The organization's sign-in branding and colours, as Logto stores them. */
      getBranding: async (organizationId: string) =>
        read(organizationBrandingSchema, (init) => client.GET('/api/organizations/{id}', { ...init, params: { path: { id: organizationId } } })),
      /** Every JIT e-mail domain (Logto lists them whole unless a page is asked for). */
      listJitEmailDomains: async (organizationId: string) =>
        read(z.array(jitEmailDomainSchema), (init) =>
          client.GET('/api/organizations/{id}/jit/email-domains', { ...init, params: { path: { id: organizationId } } }),
        ),
      /** 422 `entity.unique_integrity_violation` when the organization has it already. Logto does not check the form. */
      addJitEmailDomain: async (organizationId: string, emailDomain: string) =>
        read(jitEmailDomainSchema, (init) =>
          client.POST('/api/organizations/{id}/jit/email-domains', { ...init, params: { path: { id: organizationId } }, body: { emailDomain } }),
        ),
      /** 404 `entity.not_found` when the organization does not have it. */
      removeJitEmailDomain: async (organizationId: string, emailDomain: string) => {
        await call((init) =>
          client.DELETE('/api/organizations/{id}/jit/email-domains/{emailDomain}', { ...init, params: { path: { id: organizationId, emailDomain } } }),
        );
      },
      /** The organization roles a JIT member gets (full role objects). */
      listJitRoles: async (organizationId: string) =>
        read(z.array(organizationRoleSchema), (init) =>
          client.GET('/api/organizations/{id}/jit/roles', { ...init, params: { path: { id: organizationId } } }),
        ),
      /** Replaces the JIT roles; an unknown role id is 422 and nothing changes. */
      replaceJitRoles: async (organizationId: string, organizationRoleIds: string[]) => {
        await call((init) =>
          client.PUT('/api/organizations/{id}/jit/roles', { ...init, params: { path: { id: organizationId } }, body: { organizationRoleIds } }),
        );
      },
    },

    organizationRoles: {
      list: async () =>
        read(z.array(organizationRoleSchema), (init) => client.GET('/api/organization-roles', { ...init, params: { query: { page: 1, page_size: LIST_PAGE_SIZE } } })),
      /** Every organization role, each with its `scopes` embedded. */
      listAll: async () => listAll(organizationRoleSchema, (paging, init) => client.GET('/api/organization-roles', { ...init, params: { query: paging } })),
      create: async (input: {
        name: string;
        description?: string | null;
        type?: 'User' | 'MachineToMachine';
        organizationScopeIds?: string[];
      }) =>
        read(organizationRoleSchema, (init) =>
          client.POST('/api/organization-roles', {
            ...init,
            // Logto defaults both lists to []; its OpenAPI marks defaulted fields as required.
            body: { ...input, organizationScopeIds: input.organizationScopeIds ?? [], resourceScopeIds: [] },
          }),
        ),
      listScopes: async (organizationRoleId: string) =>
        listAll(organizationScopeSchema, (paging, init) =>
          client.GET('/api/organization-roles/{id}/scopes', { ...init, params: { path: { id: organizationRoleId }, query: paging } }),
        ),
      addScopes: async (organizationRoleId: string, organizationScopeIds: string[]) => {
        await call((init) =>
          client.POST('/api/organization-roles/{id}/scopes', { ...init, params: { path: { id: organizationRoleId } }, body: { organizationScopeIds } }),
        );
      },
      removeScope: async (organizationRoleId: string, organizationScopeId: string) => {
        await call((init) =>
          client.DELETE('/api/organization-roles/{id}/scopes/{organizationScopeId}', {
            ...init,
            params: { path: { id: organizationRoleId, organizationScopeId } },
          }),
        );
      },
    },

    organizationScopes: {
      listAll: async () => listAll(organizationScopeSchema, (paging, init) => client.GET('/api/organization-scopes', { ...init, params: { query: paging } })),
      create: async (input: { name: string; description?: string | null }) =>
        read(organizationScopeSchema, (init) => client.POST('/api/organization-scopes', { ...init, body: input })),
    },

    resources: {
      /** Every API resource, each with its `scopes` embedded. */
      listAll: async () =>
        listAll(resourceSchema, (paging, init) => client.GET('/api/resources', { ...init, params: { query: { ...paging, includeScopes: 'true' } } })),
      create: async (input: { name: string; indicator: string; accessTokenTtl?: number }) =>
        read(resourceSchema, (init) => client.POST('/api/resources', { ...init, body: input })),
      createScope: async (resourceId: string, input: { name: string; description?: string | null }) =>
        read(resourceScopeSchema, (init) => client.POST('/api/resources/{resourceId}/scopes', { ...init, params: { path: { resourceId } }, body: input })),
    },

    roles: {
      listAll: async (query: { type?: 'User' | 'MachineToMachine' } = {}) =>
        listAll(roleSchema, (paging, init) => client.GET('/api/roles', { ...init, params: { query: { ...paging, type: query.type } } })),
      /** Logto answers 200 (not 201). */
      create: async (input: { name: string; description: string; type: 'User' | 'MachineToMachine'; scopeIds?: string[]; isDefault?: boolean }) =>
        read(roleSchema, (init) => client.POST('/api/roles', { ...init, body: input })),
      update: async (roleId: string, patch: Partial<{ name: string; description: string; isDefault: boolean }>) =>
        read(roleSchema, (init) => client.PATCH('/api/roles/{id}', { ...init, params: { path: { id: roleId } }, body: patch })),
      listScopes: async (roleId: string) =>
        listAll(resourceScopeSchema, (paging, init) => client.GET('/api/roles/{id}/scopes', { ...init, params: { path: { id: roleId }, query: paging } })),
      addScopes: async (roleId: string, scopeIds: string[]) => {
        await call((init) => client.POST('/api/roles/{id}/scopes', { ...init, params: { path: { id: roleId } }, body: { scopeIds } }));
      },
    },

    applications: {
      /** Logto answers 200 with the app; its `secret` field is internal, the usable one is in `listSecrets`. */
      create: async (input: { name: string; type: 'MachineToMachine'; description?: string }) =>
        read(applicationSchema, (init) => client.POST('/api/applications', { ...init, body: input })),
      /** Deleting an app ends its secrets and organization memberships: Logto issues it no more tokens. */
      delete: async (applicationId: string) => {
        await call((init) => client.DELETE('/api/applications/{id}', { ...init, params: { path: { id: applicationId } } }));
      },
      listSecrets: async (applicationId: string) =>
        read(z.array(applicationSecretSchema), (init) => client.GET('/api/applications/{id}/secrets', { ...init, params: { path: { id: applicationId } } })),
      get: async (applicationId: string) =>
        read(applicationSchema, (init) => client.GET('/api/applications/{id}', { ...init, params: { path: { id: applicationId } } })),
      /** Logto requires both lists in every update; each replaces the stored one. */
      updateRedirectUris: async (applicationId: string, uris: { redirectUris: string[]; postLogoutRedirectUris: string[] }) =>
        read(applicationSchema, (init) =>
          client.PATCH('/api/applications/{id}', {
            ...init,
            params: { path: { id: applicationId } },
            // Logto's OpenAPI types these URI lists as objects; Logto takes (and answers) strings.
            body: { oidcClientMetadata: uris as unknown as { redirectUris: Record<string, unknown>[]; postLogoutRedirectUris: Record<string, unknown>[] } },
          }),
        ),
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
      get: async (userId: string) => read(userSchema, (init) => client.GET('/api/users/{userId}', { ...init, params: { path: { userId } } })),
      /** Whether Logto has the user suspended (always asks Logto: the mirror keeps no status). */
      isSuspended: async (userId: string) =>
        (await read(userWithStatusSchema, (init) => client.GET('/api/users/{userId}', { ...init, params: { path: { userId } } }))).isSuspended,
      organizations: async (userId: string) =>
        read(z.array(userOrganizationSchema), (init) => client.GET('/api/users/{userId}/organizations', { ...init, params: { path: { userId } } })),
      /** The user's MFA factors (`Totp`, `WebAuthn`, `BackupCode`...), never their secrets. */
      mfaVerifications: async (userId: string) =>
        read(z.array(mfaVerificationSchema), (init) => client.GET('/api/users/{userId}/mfa-verifications', { ...init, params: { path: { userId } } })),
    },

    invitations: {
      create: async (input: {
        invitee: string;
        organizationId: string;
        expiresAt: number;
        organizationRoleIds: string[];
        inviterId: string;
        messagePayload?: Record<string, string>;
      }) =>
        read(invitationSchema, (init) =>
          // `false` (Logto's default, which its OpenAPI marks required) sends no invitation e-mail.
          client.POST('/api/organization-invitations', { ...init, body: { ...input, messagePayload: input.messagePayload ?? false } }),
        ),
      list: async (query: { organizationId?: string; invitee?: string }) =>
        read(z.array(invitationSchema), (init) => client.GET('/api/organization-invitations', { ...init, params: { query } })),
      get: async (invitationId: string) =>
        read(invitationSchema, (init) => client.GET('/api/organization-invitations/{id}', { ...init, params: { path: { id: invitationId } } })),
      setStatus: async (invitationId: string, status: 'Accepted' | 'Revoked', acceptedUserId?: string) =>
        read(invitationSchema, (init) =>
          client.PUT('/api/organization-invitations/{id}/status', {
            ...init,
            params: { path: { id: invitationId } },
            body: { status, ...(acceptedUserId ? { acceptedUserId } : {}) },
          }),
        ),
      resend: async (invitationId: string, messagePayload: Record<string, string>) => {
        await call((init) =>
          client.POST('/api/organization-invitations/{id}/message', { ...init, params: { path: { id: invitationId } }, body: messagePayload }),
        );
      },
      delete: async (invitationId: string) => {
        await call((init) => client.DELETE('/api/organization-invitations/{id}', { ...init, params: { path: { id: invitationId } } }));
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
