// Carries out a setup plan through the Management API: creates what is missing, and changes
// what differs only when asked to (--fix). It never deletes a resource, permission, role or
// redirect URI; with --fix it only removes a permission from an organization role that the
// permission model does not give that role.
import type { ManagementApi } from '@/lib/logto/management-api';

import type { DesiredLogtoState } from './desired-state';
import type { PlanArea, PlanItem, SetupAction } from './plan-logto-setup';
import type { TenantSnapshot } from './read-tenant-snapshot';

export type SetupResult = 'created' | 'already right' | 'differs' | 'fixed' | 'failed';

export type SetupRow = {
  area: PlanArea;
  subject: string;
  result: SetupResult;
  /** What differs (or what failed), and where to change it. */
  details: string[];
};

/** Name -> id maps for the scopes that actions refer to, updated as the plan creates them. */
type Ids = {
  resourceId: string | undefined;
  resourceScopes: Map<string, string>;
  organizationScopes: Map<string, string>;
};

export async function applyLogtoSetupPlan(
  api: ManagementApi,
  plan: PlanItem[],
  { tenant, desired, fix }: { tenant: TenantSnapshot; desired: DesiredLogtoState; fix: boolean },
): Promise<SetupRow[]> {
  const ids: Ids = {
    resourceId: tenant.apiResource?.id,
    resourceScopes: new Map(tenant.apiResource?.scopes.map((scope) => [scope.name, scope.id])),
    organizationScopes: new Map(tenant.organizationScopes.map((scope) => [scope.name, scope.id])),
  };
  const rows: SetupRow[] = [];
  for (const item of plan) {
    if (item.state === 'ok') {
      rows.push({ area: item.area, subject: item.subject, result: 'already right', details: [] });
      continue;
    }
    if (item.state === 'differs' && (!fix || item.actions.length === 0)) {
      const hint = item.actions.length > 0 ? `change it in ${item.where}, or run again with --fix` : `change it in ${item.where}`;
      rows.push({ area: item.area, subject: item.subject, result: 'differs', details: [...item.differences, hint] });
      continue;
    }
    try {
      const reported: string[] = [];
      // Sequential on purpose: later actions use the ids earlier ones created.
      for (const action of item.actions) reported.push(...((await perform(api, action, ids, desired)) ?? []));
      rows.push({
        area: item.area,
        subject: item.subject,
        result: item.state === 'missing' ? 'created' : 'fixed',
        details: [...item.differences, ...reported],
      });
    } catch (error) {
      rows.push({ area: item.area, subject: item.subject, result: 'failed', details: [...item.differences, errorMessage(error)] });
    }
  }
  return rows;
}

/** Carries out one action; what a person must do next (put a new signing key in the environment) comes back as lines. */
async function perform(api: ManagementApi, action: SetupAction, ids: Ids, desired: DesiredLogtoState): Promise<string[] | void> {
  switch (action.kind) {
    case 'createResource': {
      const resource = await api.resources.create({ name: action.name, indicator: action.indicator });
      ids.resourceId = resource.id;
      return;
    }
    case 'createResourceScope': {
      const resourceId = requireId(ids.resourceId, `API resource ${desired.apiResource.indicator}`);
      const scope = await api.resources.createScope(resourceId, { name: action.name, description: action.description });
      ids.resourceScopes.set(scope.name, scope.id);
      return;
    }
    case 'createDefaultRole': {
      await api.roles.create({
        name: action.name,
        description: action.description,
        type: 'User',
        isDefault: true,
        scopeIds: action.scopeNames.map((name) => requireId(ids.resourceScopes.get(name), `API permission ${name}`)),
      });
      return;
    }
    case 'makeRoleDefault': {
      await api.roles.update(action.roleId, { isDefault: true });
      return;
    }
    case 'addRoleScopes': {
      await api.roles.addScopes(
        action.roleId,
        action.scopeNames.map((name) => requireId(ids.resourceScopes.get(name), `API permission ${name}`)),
      );
      return;
    }
    case 'createOrganizationScope': {
      const scope = await api.organizationScopes.create({ name: action.name, description: action.description });
      ids.organizationScopes.set(scope.name, scope.id);
      return;
    }
    case 'createOrganizationRole': {
      await api.organizationRoles.create({
        name: action.name,
        description: action.description,
        type: action.type,
        organizationScopeIds: action.scopeNames.map((name) => requireId(ids.organizationScopes.get(name), `organization permission ${name}`)),
      });
      return;
    }
    case 'addOrganizationRoleScopes': {
      await api.organizationRoles.addScopes(
        action.roleId,
        action.scopeNames.map((name) => requireId(ids.organizationScopes.get(name), `organization permission ${name}`)),
      );
      return;
    }
    case 'removeOrganizationRoleScopes': {
      for (const scope of action.scopes) await api.organizationRoles.removeScope(action.roleId, scope.id);
      return;
    }
    case 'updateRedirectUris': {
      await api.applications.updateRedirectUris(action.applicationId, {
        redirectUris: action.redirectUris,
        postLogoutRedirectUris: action.postLogoutRedirectUris,
      });
      return;
    }
    case 'createHook': {
      const hook = await api.hooks.create({ name: action.name, events: action.events, config: { url: action.url } });
      return [signingKeyLine(hook.signingKey)];
    }
    case 'updateHook': {
      await api.hooks.update(action.hookId, {
        ...(action.events ? { events: action.events } : {}),
        ...(action.enabled ? { enabled: true } : {}),
      });
      return;
    }
    case 'rotateHookSigningKey': {
      const hook = await api.hooks.rotateSigningKey(action.hookId);
      return [
        signingKeyLine(hook.signingKey),
        'Logto signs with the new key from now on: until the app runs with it, keep the old key in LOGTO_WEBHOOK_SIGNING_KEY_PREVIOUS.',
      ];
    }
  }
}

export function signingKeyLine(signingKey: string): string {
  return `signing key: put LOGTO_WEBHOOK_SIGNING_KEY=${signingKey} in the app's environment`;
}

function requireId(id: string | undefined, what: string): string {
  // Only when creating it failed earlier in this run; that row already says why.
  if (id === undefined) throw new Error(`${what} does not exist (see the row above)`);
  return id;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const code = 'code' in error && typeof error.code === 'string' ? ` [${error.code}]` : '';
    return `${error.message}${code}`;
  }
  return String(error);
}
