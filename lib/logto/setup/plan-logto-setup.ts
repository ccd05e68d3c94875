// The diff between the desired state and a tenant snapshot, as data: no I/O here, so every
// case is a table row in plan-logto-setup.test.ts. `apply-logto-setup-plan.ts` carries the plan out.
import type { DesiredLogtoState } from './desired-state';
import type { TenantSnapshot } from './read-tenant-snapshot';

/** One change through the Management API. Scopes are named; apply-logto-setup-plan.ts resolves ids as it goes. */
export type SetupAction =
  | { kind: 'createResource'; indicator: string; name: string }
  | { kind: 'createResourceScope'; name: string; description: string }
  | { kind: 'createDefaultRole'; name: string; description: string; scopeNames: string[] }
  | { kind: 'makeRoleDefault'; roleId: string }
  | { kind: 'addRoleScopes'; roleId: string; scopeNames: string[] }
  | { kind: 'createOrganizationScope'; name: string; description: string }
  | { kind: 'createOrganizationRole'; name: string; description: string; type: 'User' | 'MachineToMachine'; scopeNames: string[] }
  | { kind: 'addOrganizationRoleScopes'; roleId: string; scopeNames: string[] }
  | { kind: 'removeOrganizationRoleScopes'; roleId: string; scopes: { id: string; name: string }[] }
  | { kind: 'updateRedirectUris'; applicationId: string; redirectUris: string[]; postLogoutRedirectUris: string[] }
  | { kind: 'createHook'; name: string; url: string; events: string[] }
  | { kind: 'updateHook'; hookId: string; events?: string[]; enabled?: true }
  | { kind: 'rotateHookSigningKey'; hookId: string };

export type PlanArea = 'apiResource' | 'defaultRole' | 'organizationTemplate' | 'webApp' | 'webhook';

export type PlanItem = {
  area: PlanArea;
  /** What this row is about, e.g. `organization role "admin"`. */
  subject: string;
  /** missing: created without asking. differs: changed only with --fix, and only when `actions` can fix it. */
  state: 'ok' | 'missing' | 'differs';
  differences: string[];
  actions: SetupAction[];
  /** Where a person changes it by hand (Logto Console path or environment variable). */
  where: string;
};

const CONSOLE = 'Logto Console';

export function planLogtoSetup(desired: DesiredLogtoState, tenant: TenantSnapshot): PlanItem[] {
  return [
    ...planApiResource(desired, tenant),
    planDefaultRole(desired, tenant),
    ...planOrganizationScopes(desired, tenant),
    ...planOrganizationRoles(desired, tenant),
    planWebApp(desired, tenant),
    planWebhook(desired, tenant),
  ];
}

function planApiResource(desired: DesiredLogtoState, tenant: TenantSnapshot): PlanItem[] {
  const { indicator, name, scopes } = desired.apiResource;
  const where = `${CONSOLE} > API resources > ${indicator} (or LOGTO_API_RESOURCE)`;
  const resourceItem: PlanItem = tenant.apiResource
    ? { area: 'apiResource', subject: `API resource ${indicator}`, state: 'ok', differences: [], actions: [], where }
    : {
        area: 'apiResource',
        subject: `API resource ${indicator}`,
        state: 'missing',
        differences: [],
        actions: [{ kind: 'createResource', indicator, name }],
        where,
      };
  const existing = new Set(tenant.apiResource?.scopes.map((scope) => scope.name));
  const scopeItems = scopes.map(
    (scope): PlanItem => ({
      area: 'apiResource',
        subject: `API permission ${scope.name}`,
      state: existing.has(scope.name) ? 'ok' : 'missing',
      differences: [],
      actions: existing.has(scope.name) ? [] : [{ kind: 'createResourceScope', ...scope }],
      where: `${CONSOLE} > API resources > ${indicator} > Permissions`,
    }),
  );
  return [resourceItem, ...scopeItems];
}

function planDefaultRole(desired: DesiredLogtoState, tenant: TenantSnapshot): PlanItem {
  const { name, description, scopes } = desired.defaultRole;
  const resourceId = tenant.apiResource?.id;
  const grantedBy = (roleScopes: { resourceId: string; name: string }[]) =>
    new Set(roleScopes.filter((scope) => scope.resourceId === resourceId).map((scope) => scope.name));
  const where = `${CONSOLE} > Roles > ${name}`;

  // Any default User role that grants the permissions will do, whatever its name.
  const satisfying = tenant.userRoles.find(
    ({ role, scopes: roleScopes }) =>
      role.isDefault && role.type === 'User' && scopes.every((scope) => grantedBy(roleScopes).has(scope)),
  );
  if (satisfying) {
    return {
      area: 'defaultRole',
        subject: `default role "${satisfying.role.name}"`,
      state: 'ok',
      differences: [],
      actions: [],
      where: `${CONSOLE} > Roles > ${satisfying.role.name}`,
    };
  }

  const named = tenant.userRoles.find(({ role }) => role.name === name);
  if (!named) {
    return {
      area: 'defaultRole',
        subject: `default role "${name}"`,
      state: 'missing',
      differences: [],
      actions: [{ kind: 'createDefaultRole', name, description, scopeNames: scopes }],
      where,
    };
  }

  const differences: string[] = [];
  const actions: SetupAction[] = [];
  if (named.role.type !== 'User') {
    // Logto cannot change a role's type; a person has to rename or delete it.
    differences.push(`is a ${named.role.type} role, not a User role (rename or delete it, then run setup again)`);
  } else {
    if (!named.role.isDefault) {
      differences.push('is not a default role (new users would not get it)');
      actions.push({ kind: 'makeRoleDefault', roleId: named.role.id });
    }
    const missing = scopes.filter((scope) => !grantedBy(named.scopes).has(scope));
    if (missing.length > 0) {
      differences.push(`lacks ${missing.join(', ')} of ${desired.apiResource.indicator}`);
      actions.push({ kind: 'addRoleScopes', roleId: named.role.id, scopeNames: missing });
    }
  }
  return { area: 'defaultRole', subject: `default role "${name}"`, state: 'differs', differences, actions, where };
}

function planOrganizationScopes(desired: DesiredLogtoState, tenant: TenantSnapshot): PlanItem[] {
  const existing = new Set(tenant.organizationScopes.map((scope) => scope.name));
  return desired.organizationScopes.map(
    (scope): PlanItem => ({
      area: 'organizationTemplate',
      subject: `organization permission ${scope.name}`,
      state: existing.has(scope.name) ? 'ok' : 'missing',
      differences: [],
      actions: existing.has(scope.name) ? [] : [{ kind: 'createOrganizationScope', ...scope }],
      where: `${CONSOLE} > Organization template > Organization permissions`,
    }),
  );
}

function planOrganizationRoles(desired: DesiredLogtoState, tenant: TenantSnapshot): PlanItem[] {
  return desired.organizationRoles.map((wanted): PlanItem => {
    const subject = `organization role "${wanted.name}"`;
    const where = `${CONSOLE} > Organization template > Organization roles > ${wanted.name}`;
    const role = tenant.organizationRoles.find((candidate) => candidate.name === wanted.name);
    if (!role) {
      return {
        area: 'organizationTemplate',
        subject,
        state: 'missing',
        differences: [],
        actions: [
          { kind: 'createOrganizationRole', name: wanted.name, description: wanted.description, type: wanted.type, scopeNames: wanted.scopes },
        ],
        where,
      };
    }
    // Logto cannot change a role's type (a server that does not report it is taken at its word).
    const type = role.type ?? wanted.type;
    if (type !== wanted.type) {
      return {
        area: 'organizationTemplate',
        subject,
        state: 'differs',
        differences: [`is a ${type} role, not a ${wanted.type} role (rename or delete it, then run setup again)`],
        actions: [],
        where,
      };
    }
    const has = new Set(role.scopes.map((scope) => scope.name));
    const missing = wanted.scopes.filter((scope) => !has.has(scope));
    const extra = role.scopes.filter((scope) => !wanted.scopes.includes(scope.name));
    const differences = [
      ...(missing.length > 0 ? [`lacks ${missing.join(', ')}`] : []),
      ...(extra.length > 0 ? [`also grants ${extra.map((scope) => scope.name).join(', ')}`] : []),
    ];
    const actions: SetupAction[] = [
      ...(missing.length > 0 ? [{ kind: 'addOrganizationRoleScopes' as const, roleId: role.id, scopeNames: missing }] : []),
      ...(extra.length > 0 ? [{ kind: 'removeOrganizationRoleScopes' as const, roleId: role.id, scopes: extra }] : []),
    ];
    return { area: 'organizationTemplate', subject, state: differences.length > 0 ? 'differs' : 'ok', differences, actions, where };
  });
}

function planWebApp(desired: DesiredLogtoState, tenant: TenantSnapshot): PlanItem {
  const { id, redirectUris, postLogoutRedirectUris } = desired.webApp;
  const subject = `web app ${id} sign-in URIs`;
  const where = `${CONSOLE} > Applications > (your web app) > Redirect URIs / Post sign-out redirect URIs`;
  const app = tenant.webApp;
  if (!app) {
    return {
      area: 'webApp',
      subject,
      state: 'differs',
      differences: [`no application has the id ${id}: check LOGTO_APP_ID (${CONSOLE} > Applications)`],
      actions: [],
      where: 'LOGTO_APP_ID',
    };
  }
  if (app.type !== 'Traditional') {
    return {
      area: 'webApp',
      subject,
      state: 'differs',
      differences: [`is a ${app.type} application; the app needs a Traditional web application (create one, then set LOGTO_APP_ID and LOGTO_APP_SECRET)`],
      actions: [],
      where: `${CONSOLE} > Applications`,
    };
  }
  const registered = app.oidcClientMetadata;
  const missingRedirects = redirectUris.filter((uri) => !registered.redirectUris.includes(uri));
  const missingPostLogout = postLogoutRedirectUris.filter((uri) => !registered.postLogoutRedirectUris.includes(uri));
  const differences = [
    ...missingRedirects.map((uri) => `redirect URI ${uri} is not registered`),
    ...missingPostLogout.map((uri) => `post sign-out redirect URI ${uri} is not registered`),
  ];
  if (differences.length === 0) return { area: 'webApp', subject, state: 'ok', differences, actions: [], where };
  return {
    area: 'webApp',
    subject,
    state: 'differs',
    differences,
    // Adds the app's URIs and keeps every other registered one (other environments).
    actions: [
      {
        kind: 'updateRedirectUris',
        applicationId: app.id,
        redirectUris: [...registered.redirectUris, ...missingRedirects],
        postLogoutRedirectUris: [...registered.postLogoutRedirectUris, ...missingPostLogout],
      },
    ],
    where,
  };
}

/** The hook delivering to the app's webhook URL, if any (a hook elsewhere serves another deployment). */
export function findAppHook(desired: DesiredLogtoState, tenant: Pick<TenantSnapshot, 'hooks'>) {
  return tenant.hooks.find((hook) => hook.config.url === desired.webhook.url);
}

function planWebhook(desired: DesiredLogtoState, tenant: TenantSnapshot): PlanItem {
  const { name, url, events, signingKey } = desired.webhook;
  const subject = `webhook ${url}`;
  const where = `${CONSOLE} > Webhooks`;
  const hook = findAppHook(desired, tenant);
  if (!hook) {
    return { area: 'webhook', subject, state: 'missing', differences: [], actions: [{ kind: 'createHook', name, url, events }], where };
  }
  const differences: string[] = [];
  const actions: SetupAction[] = [];
  const missingEvents = events.filter((event) => !hook.events.includes(event));
  if (missingEvents.length > 0) differences.push(`does not send ${missingEvents.join(', ')}`);
  if (!hook.enabled) differences.push('is disabled');
  if (missingEvents.length > 0 || !hook.enabled) {
    actions.push({
      kind: 'updateHook',
      hookId: hook.id,
      ...(missingEvents.length > 0 ? { events: [...hook.events, ...missingEvents] } : {}),
      ...(hook.enabled ? {} : { enabled: true as const }),
    });
  }
  if (signingKey !== undefined && signingKey !== hook.signingKey) {
    differences.push('signs with another key than LOGTO_WEBHOOK_SIGNING_KEY (the app would refuse every delivery)');
    actions.push({ kind: 'rotateHookSigningKey', hookId: hook.id });
  }
  return { area: 'webhook', subject, state: differences.length > 0 ? 'differs' : 'ok', differences, actions, where };
}
