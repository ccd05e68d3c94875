// What the app expects to find in its Logto tenant, derived from the permission model
// (lib/auth/scopes.ts) and the configuration. `npm run logto:setup` provisions it and
// `npm run logto:doctor` checks it, so both always agree with the code.
//
// No `import 'server-only'`: the CLIs run this under tsx, where that marker throws.
import {
  type API_KEY_ROLES,
  CREATE_ORGANIZATIONS,
  MACHINE_ORGANIZATION_ROLES,
  ORGANIZATION_ROLES,
  ORGANIZATION_SCOPES,
  type OrganizationRole,
  type OrganizationScope,
} from '@/lib/auth/scopes';

/** Where the app signs users in and back out (lib/logto/config.ts, lib/auth/actions.ts). */
import { CALLBACK_PATH } from '../sign-in-request';

export { CALLBACK_PATH };
export const POST_SIGN_OUT_PATH = '/';

/** Name of the default user role that grants `create:organizations` (the local Logto seeds the same). */
export const DEFAULT_USER_ROLE_NAME = 'user';

const ORGANIZATION_SCOPE_DESCRIPTIONS: Record<OrganizationScope, string> = {
  'read:projects': 'Read projects',
  'write:projects': 'Create and edit projects',
  'read:members': 'Read members',
  'invite:members': 'Invite members',
  'manage:members': 'Manage members and their roles',
  'manage:organization': 'Manage organization settings',
  'delete:organization': 'Delete the organization',
  'manage:api-keys': 'Create and revoke API keys',
};

const ORGANIZATION_ROLE_DESCRIPTIONS: Record<OrganizationRole, string> = {
  owner: 'Owns the organization',
  admin: 'Administers the organization',
  member: 'Works on projects',
  viewer: 'Reads projects',
};

const MACHINE_ROLE_DESCRIPTIONS: Record<(typeof API_KEY_ROLES)[keyof typeof API_KEY_ROLES], string> = {
  'api-member': 'API key: works on projects',
  'api-viewer': 'API key: reads projects',
};

export type OrganizationRoleType = 'User' | 'MachineToMachine';

/** Where the app receives Logto's webhooks (app/api/webhooks/logto/route.ts). */
export const WEBHOOK_PATH = '/api/webhooks/logto';

/**
 * The Logto events the app's webhook handles. In Logto 1.37 `Organization.Membership.Updated`
 * carries only the organization id, and assigning an organization role sends no event at all.
 * The organization template's events (a role or scope created, renamed, deleted, or a role's
 * scopes changed) make the app read the roles and their scopes again.
 */
export const WEBHOOK_EVENTS = [
  'Organization.Created',
  'Organization.Deleted',
  'Organization.Data.Updated',
  'Organization.Membership.Updated',
  'OrganizationRole.Created',
  'OrganizationRole.Deleted',
  'OrganizationRole.Data.Updated',
  'OrganizationRole.Scopes.Updated',
  'OrganizationScope.Deleted',
  'OrganizationScope.Data.Updated',
  'User.Deleted',
  'User.Data.Updated',
  'User.SuspensionStatus.Updated',
] as const;

export const WEBHOOK_NAME = 'SaaS starter app';

export type NamedScope = { name: string; description: string };

export type DesiredLogtoState = {
  apiResource: { indicator: string; name: string; scopes: NamedScope[] };
  /** A User role with `isDefault: true` granting these scopes of the API resource. */
  defaultRole: { name: string; description: string; scopes: string[] };
  organizationScopes: NamedScope[];
  /**
   * Each role's scopes are exactly these (docs/architecture.md, "Permission model"). `User`
   * roles are for members; `MachineToMachine` roles for API keys (Logto assigns only those to apps).
   */
  organizationRoles: { name: string; description: string; type: OrganizationRoleType; scopes: string[] }[];
  /** The web app must allow at least these URIs; other registered URIs are left alone. */
  webApp: { id: string; redirectUris: string[]; postLogoutRedirectUris: string[] };
  /**
   * One hook delivering at least these events to the app, signed with `signingKey` when the
   * app has one configured (LOGTO_WEBHOOK_SIGNING_KEY).
   */
  webhook: { name: string; url: string; events: string[]; signingKey: string | undefined };
};

export type DesiredStateInput = {
  /** LOGTO_API_RESOURCE */
  apiResource: string;
  /** LOGTO_APP_ID */
  webAppId: string;
  /** APP_URL, without a trailing slash */
  appUrl: string;
  /** LOGTO_WEBHOOK_SIGNING_KEY, when set */
  webhookSigningKey?: string;
};

export function callbackUri(appUrl: string) {
  return `${appUrl}${CALLBACK_PATH}`;
}

export function postSignOutUri(appUrl: string) {
  return `${appUrl}${POST_SIGN_OUT_PATH}`;
}

export function webhookUrl(appUrl: string) {
  return `${appUrl}${WEBHOOK_PATH}`;
}

export function desiredLogtoState({ apiResource, webAppId, appUrl, webhookSigningKey }: DesiredStateInput): DesiredLogtoState {
  return {
    apiResource: {
      indicator: apiResource,
      name: 'SaaS starter API',
      scopes: [{ name: CREATE_ORGANIZATIONS, description: 'Create new organizations' }],
    },
    defaultRole: {
      name: DEFAULT_USER_ROLE_NAME,
      description: 'Default role of every new user: may create organizations',
      scopes: [CREATE_ORGANIZATIONS],
    },
    organizationScopes: ORGANIZATION_SCOPES.map((name) => ({ name, description: ORGANIZATION_SCOPE_DESCRIPTIONS[name] })),
    organizationRoles: [
      ...(Object.keys(ORGANIZATION_ROLES) as OrganizationRole[]).map((name) => ({
        name,
        description: ORGANIZATION_ROLE_DESCRIPTIONS[name],
        type: 'User' as const,
        scopes: [...ORGANIZATION_ROLES[name]],
      })),
      ...(Object.keys(MACHINE_ORGANIZATION_ROLES) as (keyof typeof MACHINE_ORGANIZATION_ROLES)[]).map((name) => ({
        name,
        description: MACHINE_ROLE_DESCRIPTIONS[name],
        type: 'MachineToMachine' as const,
        scopes: [...MACHINE_ORGANIZATION_ROLES[name]],
      })),
    ],
    webApp: { id: webAppId, redirectUris: [callbackUri(appUrl)], postLogoutRedirectUris: [postSignOutUri(appUrl)] },
    webhook: { name: WEBHOOK_NAME, url: webhookUrl(appUrl), events: [...WEBHOOK_EVENTS], signingKey: webhookSigningKey },
  };
}
