/**
 * Fixed identifiers and DEVELOPMENT-ONLY credentials of the local Logto.
 * They are public on purpose: this server is never meant to hold real accounts.
 */
import { desiredLogtoState, WEBHOOK_EVENTS, WEBHOOK_NAME } from '../../lib/logto/setup/desired-state';

export const TENANT_ID = 'default';

export const WEB_APP_ID = 'local-web-app';
export const WEB_APP_SECRET = 'local-web-app-secret-for-development-only';
export const WEB_APP_NAME = 'SaaS starter web (local)';

export const M2M_APP_ID = 'local-m2m-app';
export const M2M_APP_SECRET = 'local-m2m-app-secret-for-development-only';
export const M2M_APP_NAME = 'SaaS starter M2M (local)';

/** Logto's own Management API resource of the `default` tenant (self-hosted form). */
export const MANAGEMENT_API_RESOURCE_ID = 'management-api';
export const MANAGEMENT_API_INDICATOR = 'https://default.logto.app/api';
export const MANAGEMENT_API_SCOPE_ID = 'management-api-all';
export const MANAGEMENT_API_SCOPE = 'all';
export const MANAGEMENT_API_ROLE_NAME = 'Logto Management API access';

export const APP_API_INDICATOR = 'https://saas-starter.local/api';
export const APP_API_NAME = 'SaaS starter API';
export const APP_API_SCOPE = 'create:organizations';
export const DEFAULT_USER_ROLE_NAME = 'user';

/** Logto's reserved resource for organization scopes in user tokens. */
export const ORGANIZATIONS_RESOURCE = 'urn:logto:resource:organizations';
export const ORGANIZATION_AUDIENCE_PREFIX = 'urn:logto:organization:';

export const SCOPE_ORGANIZATIONS = 'urn:logto:scope:organizations';
export const SCOPE_ORGANIZATION_ROLES = 'urn:logto:scope:organization_roles';

export const DEMO_PASSWORD = 'demo-password';
export const DEMO_USERS = [
  { username: 'alice', primaryEmail: 'alice@example.com', name: 'Alice Example' },
  { username: 'bob', primaryEmail: 'bob@example.com', name: 'Bob Example' },
  { username: 'carol', primaryEmail: 'carol@example.com', name: 'Carol Example' },
] as const;

export const DEFAULT_REDIRECT_ORIGINS = ['http://localhost:3000', 'http://127.0.0.1:3000'] as const;

/**
 * The organization template seeded on first start: exactly what `npm run logto:setup` would
 * provision in a real tenant, read from the app's permission model (lib/auth/scopes.ts), so
 * the local Logto and the app can never disagree about it.
 */
const desired = desiredLogtoState({ apiResource: APP_API_INDICATOR, webAppId: WEB_APP_ID, appUrl: DEFAULT_REDIRECT_ORIGINS[0] });
export const ORGANIZATION_TEMPLATE = { scopes: desired.organizationScopes, roles: desired.organizationRoles };

/**
 * The hook `npm run dev` keeps pointing at the app (`${APP_URL}/api/webhooks/logto`), with the
 * events the app handles and a fixed, public signing key (the app's development default of
 * LOGTO_WEBHOOK_SIGNING_KEY).
 */
export const APP_HOOK = {
  id: 'local-app-webhook',
  name: `${WEBHOOK_NAME} (local)`,
  signingKey: 'localLogtoDevelopmentWebhookKey1',
  events: WEBHOOK_EVENTS,
} as const;

/** Token lifetimes, in seconds, as a default Logto tenant uses them. */
export const TTL = {
  accessToken: 3600,
  authorizationCode: 600,
  idToken: 3600,
  refreshToken: 14 * 24 * 3600,
  interaction: 3600,
  session: 14 * 24 * 3600,
  grant: 14 * 24 * 3600,
  clientCredentials: 3600,
  organizationToken: 3600,
} as const;

export const MIN_PASSWORD_LENGTH = 8;
