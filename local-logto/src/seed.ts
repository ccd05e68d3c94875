import { webhookUrl } from '../../lib/logto/setup/desired-state';
import {
  APP_API_INDICATOR,
  APP_HOOK,
  APP_API_NAME,
  APP_API_SCOPE,
  DEFAULT_REDIRECT_ORIGINS,
  DEFAULT_USER_ROLE_NAME,
  DEMO_PASSWORD,
  DEMO_USERS,
  M2M_APP_ID,
  M2M_APP_NAME,
  M2M_APP_SECRET,
  MANAGEMENT_API_INDICATOR,
  MANAGEMENT_API_RESOURCE_ID,
  MANAGEMENT_API_ROLE_NAME,
  MANAGEMENT_API_SCOPE,
  MANAGEMENT_API_SCOPE_ID,
  ORGANIZATION_TEMPLATE,
  WEB_APP_ID,
  WEB_APP_NAME,
  WEB_APP_SECRET,
} from './constants.js';
import type { Database, Queryable } from './db/database.js';
import { longId } from './db/ids.js';
import { hashPassword } from './passwords.js';
import { findApplication, insertApplication, updateApplication } from './store/applications.js';
import { findHook, insertHook, updateHook } from './store/hooks.js';
import {
  addOrganizationRoleScopes,
  insertOrganizationRole,
  insertOrganizationScope,
} from './store/organization-template.js';
import { insertResource, insertScope } from './store/resources.js';
import { addRoleScopes, assignApplicationRole, insertRole } from './store/roles.js';
import { readSetting, writeSetting } from './store/settings.js';
import { createUser } from './store/users.js';

const SEEDED = 'seed.completed_at';

export interface SeedOptions {
  /** Leave out the app's API resource, default role and organization template (to test a setup script). */
  emptyTemplate?: boolean;
  /** Extra origins whose /callback and / the web app accepts. */
  redirectOrigins?: readonly string[];
  /** The app's URL (APP_URL): its origin is accepted for redirects and the app's hook delivers to it. */
  appUrl?: string;
}

/**
 * Seeds a fresh database once (in one transaction, so a failed start leaves
 * nothing half-made), then makes sure the web app accepts the extra origins.
 */
export async function seed(database: Database, options: SeedOptions = {}): Promise<void> {
  if ((await readSetting(database, SEEDED)) === undefined) {
    const passwordHashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));
    await database.transaction(async (tx) => {
      await seedApplications(tx);
      await seedManagementApi(tx);
      if (!options.emptyTemplate) {
        await seedAppApi(tx);
        await seedOrganizationTemplate(tx);
      }
      for (const [index, user] of DEMO_USERS.entries()) {
        await createUser(tx, { ...user, passwordHash: passwordHashes[index] ?? null });
      }
      await writeSetting(tx, SEEDED, new Date().toISOString());
    });
  }
  const appOrigins = options.appUrl === undefined ? [] : [new URL(options.appUrl).origin];
  await addRedirectOrigins(database, [...appOrigins, ...(options.redirectOrigins ?? [])]);
  if (options.appUrl !== undefined) {
    await ensureAppHook(database, webhookUrl(options.appUrl.replace(/\/+$/, '')));
  }
}

/**
 * The app's hook exists, delivers to `url` and sends at least the events the app handles (a
 * newer app may handle more than the one that created the hook). Events added through the
 * Management API, the signing key and the `enabled` flag are left as they are (a hook disabled
 * there stays disabled).
 */
async function ensureAppHook(db: Queryable, url: string): Promise<void> {
  const hook = await findHook(db, APP_HOOK.id);
  if (!hook) {
    await insertHook(db, {
      id: APP_HOOK.id,
      name: APP_HOOK.name,
      event: null,
      events: [...APP_HOOK.events],
      config: { url },
      signingKey: APP_HOOK.signingKey,
      enabled: true,
    });
  } else {
    const missing = APP_HOOK.events.filter((event) => !hook.events.includes(event));
    if (hook.config.url !== url || missing.length > 0) {
      await updateHook(db, APP_HOOK.id, { config: { ...hook.config, url }, events: [...hook.events, ...missing] });
    }
  }
}

async function seedApplications(tx: Queryable): Promise<void> {
  await insertApplication(tx, {
    id: WEB_APP_ID,
    name: WEB_APP_NAME,
    secret: WEB_APP_SECRET,
    description: 'Traditional web app of the SaaS starter (development only)',
    type: 'Traditional',
    redirectUris: DEFAULT_REDIRECT_ORIGINS.map((origin) => `${origin}/callback`),
    postLogoutRedirectUris: DEFAULT_REDIRECT_ORIGINS.map((origin) => `${origin}/`),
  });
  await insertApplication(tx, {
    id: M2M_APP_ID,
    name: M2M_APP_NAME,
    secret: M2M_APP_SECRET,
    description: 'Machine-to-machine app for the Management API (development only)',
    type: 'MachineToMachine',
  });
}

async function seedManagementApi(tx: Queryable): Promise<void> {
  await insertResource(tx, {
    id: MANAGEMENT_API_RESOURCE_ID,
    name: 'Logto Management API',
    indicator: MANAGEMENT_API_INDICATOR,
  });
  await insertScope(tx, {
    id: MANAGEMENT_API_SCOPE_ID,
    resourceId: MANAGEMENT_API_RESOURCE_ID,
    name: MANAGEMENT_API_SCOPE,
    description: 'Default scope for Management API, allows all permissions.',
  });
  const role = await insertRole(tx, {
    id: longId(),
    name: MANAGEMENT_API_ROLE_NAME,
    description: 'This default role grants access to the Logto management API.',
    type: 'MachineToMachine',
  });
  await addRoleScopes(tx, role.id, [MANAGEMENT_API_SCOPE_ID]);
  await assignApplicationRole(tx, M2M_APP_ID, role.id);
}

async function seedAppApi(tx: Queryable): Promise<void> {
  const resource = await insertResource(tx, { id: longId(), name: APP_API_NAME, indicator: APP_API_INDICATOR });
  const scope = await insertScope(tx, {
    id: longId(),
    resourceId: resource.id,
    name: APP_API_SCOPE,
    description: 'Create new organizations',
  });
  const role = await insertRole(tx, {
    id: longId(),
    name: DEFAULT_USER_ROLE_NAME,
    description: 'Default role of every new user: may create organizations',
    type: 'User',
    isDefault: true,
  });
  await addRoleScopes(tx, role.id, [scope.id]);
}

async function seedOrganizationTemplate(tx: Queryable): Promise<void> {
  const scopeIds = new Map<string, string>();
  for (const scope of ORGANIZATION_TEMPLATE.scopes) {
    const created = await insertOrganizationScope(tx, { id: longId(), ...scope });
    scopeIds.set(created.name, created.id);
  }
  for (const role of ORGANIZATION_TEMPLATE.roles) {
    const created = await insertOrganizationRole(tx, { id: longId(), name: role.name, description: role.description, type: role.type });
    await addOrganizationRoleScopes(
      tx,
      created.id,
      role.scopes.map((name) => {
        const id = scopeIds.get(name);
        if (!id) {
          throw new Error(`organization template role ${role.name} names unknown scope ${name}`);
        }
        return id;
      }),
    );
  }
}

async function addRedirectOrigins(db: Queryable, origins: readonly string[]): Promise<void> {
  if (origins.length === 0) {
    return;
  }
  const app = await findApplication(db, WEB_APP_ID);
  if (!app) {
    return;
  }
  const normalized = origins.map((origin) => new URL(origin).origin);
  const redirectUris = [...new Set([...app.redirectUris, ...normalized.map((origin) => `${origin}/callback`)])];
  const postLogoutRedirectUris = [
    ...new Set([...app.postLogoutRedirectUris, ...normalized.map((origin) => `${origin}/`)]),
  ];
  await updateApplication(db, WEB_APP_ID, { redirectUris, postLogoutRedirectUris });
}
