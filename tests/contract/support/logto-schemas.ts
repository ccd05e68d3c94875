// zod schemas of the objects a real Logto returns, written from the recorded reference
// exchanges (Logto OSS 1.37). Every field Logto returns is required with its exact type and
// nullability, and objects are strict: a field Logto does not return is an error too (it is
// how a leaked column or a renamed field shows up). Only the schemas the reusable sign-in
// client parses with (discovery, Experience API steps, OIDC errors) tolerate extra fields.
import { z } from 'zod';

/** Logto timestamps are epoch milliseconds. */
export const epochMsSchema = z.number().int().gt(1_000_000_000_000);
/** JWT NumericDate (epoch seconds). */
export const epochSecondsSchema = z.number().int().gt(1_000_000_000).lt(100_000_000_000);
const jsonObjectSchema = z.record(z.string(), z.unknown());
const idSchema = z.string().min(1);

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

/** Management API and Experience API error body. */
export const logtoErrorSchema = z.strictObject({
  code: z.string().min(1),
  message: z.string(),
  data: z.unknown().optional(),
  details: z.string().optional(),
});
export type LogtoError = z.infer<typeof logtoErrorSchema>;

/** OIDC endpoint error body: Logto's `code`/`message` next to OAuth's `error`. */
export const oidcErrorSchema = z.object({
  code: z.string().startsWith('oidc.'),
  message: z.string(),
  error: z.string().min(1),
  error_description: z.string().optional(),
});

// ---------------------------------------------------------------------------------------
// Organizations and the organization template
// ---------------------------------------------------------------------------------------

export const organizationSchema = z.strictObject({
  tenantId: idSchema,
  id: idSchema,
  name: z.string(),
  description: z.string().nullable(),
  customData: jsonObjectSchema,
  isMfaRequired: z.boolean(),
  color: jsonObjectSchema,
  branding: jsonObjectSchema,
  customCss: z.string().nullable(),
  createdAt: epochMsSchema,
});
export type Organization = z.infer<typeof organizationSchema>;

/** `{id, name}` as embedded in member lists, role lists and invitations. */
export const nameReferenceSchema = z.strictObject({ id: idSchema, name: z.string().min(1) });

export const organizationWithRolesSchema = organizationSchema.extend({
  organizationRoles: z.array(nameReferenceSchema),
});

export const organizationWithFeaturedUsersSchema = organizationSchema.extend({
  usersCount: z.number().int().nonnegative(),
  featuredUsers: z.array(z.object({ id: idSchema })),
});

export const organizationScopeSchema = z.strictObject({
  tenantId: idSchema,
  id: idSchema,
  name: z.string().min(1),
  description: z.string().nullable(),
});
export type OrganizationScope = z.infer<typeof organizationScopeSchema>;

export const organizationRoleSchema = z.strictObject({
  tenantId: idSchema,
  id: idSchema,
  name: z.string().min(1),
  description: z.string().nullable(),
  type: z.enum(['User', 'MachineToMachine']),
});
export type OrganizationRole = z.infer<typeof organizationRoleSchema>;

/** Items of `GET /api/organization-roles`: scopes embedded. */
export const organizationRoleWithScopesSchema = organizationRoleSchema.extend({
  scopes: z.array(nameReferenceSchema),
  resourceScopes: z.array(z.unknown()),
});

export const invitationStatusSchema = z.enum(['Pending', 'Accepted', 'Revoked', 'Expired']);

export const invitationSchema = z.strictObject({
  tenantId: idSchema,
  id: idSchema,
  inviterId: z.string().nullable(),
  invitee: z.string().min(1),
  acceptedUserId: z.string().nullable(),
  organizationId: idSchema,
  status: invitationStatusSchema,
  createdAt: epochMsSchema,
  updatedAt: epochMsSchema,
  expiresAt: epochMsSchema,
  organizationRoles: z.array(nameReferenceSchema),
});
export type Invitation = z.infer<typeof invitationSchema>;

// ---------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------

const userFields = {
  id: idSchema,
  username: z.string().nullable(),
  primaryEmail: z.string().nullable(),
  primaryPhone: z.string().nullable(),
  name: z.string().nullable(),
  avatar: z.string().nullable(),
  customData: jsonObjectSchema,
  identities: jsonObjectSchema,
  lastSignInAt: epochMsSchema.nullable(),
  createdAt: epochMsSchema,
  updatedAt: epochMsSchema,
  profile: jsonObjectSchema,
  applicationId: z.string().nullable(),
  isSuspended: z.boolean(),
};

/** `POST /api/users`, `GET /api/users[/:id]`, `PATCH /api/users/:id`. */
export const userSchema = z.strictObject({ ...userFields, hasPassword: z.boolean() });
export type User = z.infer<typeof userSchema>;

/** Items of `GET /api/organizations/:id/users`. */
export const memberSchema = z.strictObject({ ...userFields, organizationRoles: z.array(nameReferenceSchema) });
export type Member = z.infer<typeof memberSchema>;

/** Fields that must never leave Logto in a user object. */
export const SECRET_USER_FIELDS = ['password', 'passwordEncrypted', 'passwordEncryptionMethod'] as const;

// ---------------------------------------------------------------------------------------
// API resources, scopes and global roles
// ---------------------------------------------------------------------------------------

export const resourceSchema = z.strictObject({
  tenantId: idSchema,
  id: idSchema,
  name: z.string().min(1),
  indicator: z.string().min(1),
  isDefault: z.boolean(),
  accessTokenTtl: z.number().int().positive(),
});
export type Resource = z.infer<typeof resourceSchema>;

export const resourceScopeSchema = z.strictObject({
  tenantId: idSchema,
  id: idSchema,
  resourceId: idSchema,
  name: z.string().min(1),
  description: z.string().nullable(),
  createdAt: epochMsSchema,
});
export type ResourceScope = z.infer<typeof resourceScopeSchema>;

export const resourceWithScopesSchema = resourceSchema.extend({ scopes: z.array(resourceScopeSchema) });

/** Items of `GET /api/roles/:id/scopes`: the resource embedded. */
export const scopeWithResourceSchema = resourceScopeSchema.extend({ resource: resourceSchema });

export const roleSchema = z.strictObject({
  tenantId: idSchema,
  id: idSchema,
  name: z.string().min(1),
  description: z.string(),
  type: z.enum(['User', 'MachineToMachine']),
  isDefault: z.boolean(),
});
export type Role = z.infer<typeof roleSchema>;

/** Items of `GET /api/roles`. */
export const roleWithCountsSchema = roleSchema.extend({
  usersCount: z.number().int().nonnegative(),
  featuredUsers: z.array(z.unknown()),
  applicationsCount: z.number().int().nonnegative(),
  featuredApplications: z.array(z.unknown()),
});

export const userRoleAssignmentSchema = z.strictObject({
  roleIds: z.array(idSchema),
  addedRoleIds: z.array(idSchema),
});

// ---------------------------------------------------------------------------------------
// OIDC
// ---------------------------------------------------------------------------------------

export const tokenResponseSchema = z.strictObject({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  token_type: z.literal('Bearer'),
  scope: z.string().optional(),
  id_token: z.string().min(1).optional(),
  refresh_token: z.string().min(1).optional(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;
/** What the reusable client parses with: the same fields, extra ones ignored. */
export const tokenResponseClientSchema = tokenResponseSchema.strip();

/** Claims of a Logto JWT access token (M2M, API resource and organization tokens). */
export const accessTokenClaimsSchema = z.strictObject({
  jti: z.string().min(1),
  sub: z.string().min(1),
  iat: epochSecondsSchema,
  exp: epochSecondsSchema,
  scope: z.string().optional(),
  client_id: z.string().min(1),
  iss: z.string().min(1),
  aud: z.string().min(1),
});
export type AccessTokenClaims = z.infer<typeof accessTokenClaimsSchema>;

export const idTokenClaimsSchema = z.strictObject({
  sub: z.string().min(1),
  name: z.string().nullable(),
  picture: z.string().nullable(),
  username: z.string().nullable(),
  created_at: epochMsSchema,
  updated_at: epochMsSchema,
  organizations: z.array(z.string()).optional(),
  organization_roles: z.array(z.string()).optional(),
  roles: z.array(z.string()).optional(),
  // With the `email` scope (the suite's sign-in asks for it, like the app does).
  email: z.string().nullable().optional(),
  email_verified: z.boolean().optional(),
  auth_time: epochSecondsSchema.optional(),
  at_hash: z.string().optional(),
  aud: z.string().min(1),
  exp: epochSecondsSchema,
  iat: epochSecondsSchema,
  iss: z.string().min(1),
});
export type IdTokenClaims = z.infer<typeof idTokenClaimsSchema>;

/** `/oidc/me` with the organizations scopes granted. */
export const userInfoSchema = z.strictObject({
  sub: z.string().min(1),
  name: z.string().nullable(),
  picture: z.string().nullable(),
  username: z.string().nullable(),
  created_at: epochMsSchema,
  updated_at: epochMsSchema,
  organizations: z.array(z.string()),
  organization_data: z.array(
    z.strictObject({ id: idSchema, name: z.string(), description: z.string().nullable() }),
  ),
  organization_roles: z.array(z.string()),
  email: z.string().nullable().optional(),
  email_verified: z.boolean().optional(),
});
export type UserInfo = z.infer<typeof userInfoSchema>;

export const jwksSchema = z.strictObject({
  keys: z
    .array(
      z.strictObject({
        kty: z.literal('EC'),
        use: z.literal('sig'),
        kid: z.string().min(1),
        alg: z.literal('ES384'),
        crv: z.literal('P-384'),
        x: z.string().min(1),
        y: z.string().min(1),
      }),
    )
    .min(1),
});

export const discoverySchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  userinfo_endpoint: z.string(),
  jwks_uri: z.string(),
  end_session_endpoint: z.string(),
  revocation_endpoint: z.string(),
  code_challenge_methods_supported: z.array(z.string()),
  id_token_signing_alg_values_supported: z.array(z.string()),
  grant_types_supported: z.array(z.string()),
  response_types_supported: z.array(z.string()),
  scopes_supported: z.array(z.string()),
  claims_supported: z.array(z.string()),
  token_endpoint_auth_methods_supported: z.array(z.string()),
  authorization_response_iss_parameter_supported: z.boolean(),
});

export const experienceVerificationSchema = z.object({ verificationId: z.string().min(1) });
export const redirectToSchema = z.object({ redirectTo: z.string().min(1) });

// ---------------------------------------------------------------------------------------
// Webhooks (reference samples 93, 96)
// ---------------------------------------------------------------------------------------

export const hookSchema = z.strictObject({
  tenantId: z.string().min(1),
  id: z.string().regex(/^[a-z0-9]{21}$/),
  name: z.string(),
  /** Logto's deprecated single event: `null` unless a client set it. */
  event: z.string().nullable(),
  events: z.array(z.string()),
  config: z.strictObject({
    url: z.string(),
    headers: z.record(z.string(), z.string()).optional(),
    retries: z.number().optional(),
  }),
  /** Logto returns the signing key with the hook: 32 mixed-case alphanumerics. */
  signingKey: z.string().regex(/^[A-Za-z0-9]{32}$/),
  enabled: z.boolean(),
  createdAt: epochMsSchema,
});
export type Hook = z.infer<typeof hookSchema>;

/** The fields every data-hook delivery caused by a Management API call carries. */
export const managementApiDeliverySchema = z.object({
  event: z.string(),
  createdAt: z.iso.datetime(),
  path: z.string().startsWith('/'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  status: z.number().int(),
  params: z.record(z.string(), z.string()),
  matchedRoute: z.string().startsWith('/'),
  hookId: z.string(),
});
