// The permission model (docs/architecture.md, "Permission model"). No server-only import: client
// components import the types and role tables to decide what to show.

export const ORGANIZATION_SCOPES = [
  'read:projects',
  'write:projects',
  'read:members',
  'invite:members',
  'manage:members',
  'manage:organization',
  'delete:organization',
  'manage:api-keys',
] as const;

export type OrganizationScope = (typeof ORGANIZATION_SCOPES)[number];

export const ORGANIZATION_ROLES = {
  owner: ORGANIZATION_SCOPES,
  admin: [
    'read:projects',
    'write:projects',
    'read:members',
    'invite:members',
    'manage:members',
    'manage:organization',
    'manage:api-keys',
  ],
  member: ['read:projects', 'write:projects', 'read:members'],
  viewer: ['read:projects', 'read:members'],
} as const satisfies Record<string, readonly OrganizationScope[]>;

export type OrganizationRole = keyof typeof ORGANIZATION_ROLES;

export const ORGANIZATION_ROLE_NAMES = Object.keys(ORGANIZATION_ROLES) as readonly OrganizationRole[];

/**
 * The organization scopes that `roleNames` grant under `roles`, the roles as Logto has them
 * (the mirror's copy): a role or scope changed in the Console counts, not this file's model.
 * Names Logto does not know, and scopes the app does not know, grant nothing.
 */
export function scopesOfRolesIn(roles: ReadonlyMap<string, readonly string[]>, roleNames: readonly string[]): Set<OrganizationScope> {
  const scopes = new Set<OrganizationScope>();
  for (const name of roleNames) {
    for (const scope of roles.get(name) ?? []) if (isOrganizationScopeName(scope)) scopes.add(scope);
  }
  return scopes;
}

const isOrganizationScopeName = (scope: string): scope is OrganizationScope => (ORGANIZATION_SCOPES as readonly string[]).includes(scope);

/**
 * Roles for organization API keys (lib/api-keys/). Logto gives organization roles a type, and
 * only `MachineToMachine` roles can be assigned to a machine-to-machine app (a `User` role is
 * refused with 422), so each role a key may have is a machine twin of a user role, with the
 * same scopes and its own name (role names are unique in a tenant).
 */
export const API_KEY_ROLES = {
  member: 'api-member',
  viewer: 'api-viewer',
} as const satisfies Partial<Record<OrganizationRole, string>>;

export type ApiKeyRole = keyof typeof API_KEY_ROLES;

export const API_KEY_ROLE_NAMES = Object.keys(API_KEY_ROLES) as readonly ApiKeyRole[];

/** The machine roles of the template, by their Logto name, with the scopes of their user twin. */
export const MACHINE_ORGANIZATION_ROLES = {
  [API_KEY_ROLES.member]: ORGANIZATION_ROLES.member,
  [API_KEY_ROLES.viewer]: ORGANIZATION_ROLES.viewer,
} as const satisfies Record<(typeof API_KEY_ROLES)[ApiKeyRole], readonly OrganizationScope[]>;

/** The role every organization's creator gets; an organization never loses its last one. */
export const OWNER_ROLE = 'owner' satisfies OrganizationRole;

/** App-level permission on the app's own API resource (LOGTO_API_RESOURCE), not an organization scope. */
export const CREATE_ORGANIZATIONS = 'create:organizations';

/**
 * Scopes the app asks for at sign-in, besides the OIDC ones (openid, offline_access, profile,
 * email) that the SDK and the Logto config add.
 * Logto only puts a scope into an organization token or a resource access token when the
 * authorization request named it, so every organization scope and `create:organizations`
 * must be here (the sign-in also needs `resources: [LOGTO_API_RESOURCE]` for the latter).
 */
export const SIGN_IN_SCOPES = [
  'urn:logto:scope:organizations',
  'urn:logto:scope:organization_roles',
  CREATE_ORGANIZATIONS,
  ...ORGANIZATION_SCOPES,
] as const;

/**
 * Parses an OAuth `scope` claim (RFC 6749 section 3.3: space-separated tokens). Returns null
 * for anything but a string, so the caller can tell "no scopes" from "malformed claim".
 */
export function parseScopeClaim(value: unknown): Set<string> | null {
  if (typeof value !== 'string') return null;
  const scopes = new Set<string>();
  for (const scope of value.split(' ')) {
    // Consecutive spaces yield empty strings; an empty name is not a scope.
    if (scope !== '') scopes.add(scope);
  }
  return scopes;
}

/** Whole-word comparison: 'read:projects-extra' never satisfies 'read:projects'. */
export function missingScopes<S extends string>(
  granted: ReadonlySet<string>,
  required: readonly S[],
): S[] {
  return required.filter((scope) => !granted.has(scope));
}
