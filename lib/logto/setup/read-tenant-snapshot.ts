// Reads the parts of a Logto tenant that `logto:setup` and `logto:doctor` compare with the
// desired state, through the public Management API only.
import {
  LogtoApiError,
  type LogtoApplication,
  type LogtoHook,
  type LogtoOrganizationRole,
  type LogtoOrganizationScope,
  type LogtoResource,
  type LogtoResourceScope,
  type LogtoRole,
  type ManagementApi,
} from '@/lib/logto/management-api';

import type { DesiredLogtoState } from './desired-state';

export type TenantSnapshot = {
  /** The API resource with the desired indicator, with its scopes; null when absent. */
  apiResource: (LogtoResource & { scopes: LogtoResourceScope[] }) | null;
  /** The User roles that could be the default role: every default one, and the one with the desired name. */
  userRoles: { role: LogtoRole; scopes: LogtoResourceScope[] }[];
  organizationScopes: LogtoOrganizationScope[];
  /** Every organization role, with its scopes. */
  organizationRoles: (LogtoOrganizationRole & { scopes: { id: string; name: string }[] })[];
  /** The web app (LOGTO_APP_ID); null when no application has that id. */
  webApp: LogtoApplication | null;
  /** Every webhook, signing keys included. */
  hooks: LogtoHook[];
};

export async function readTenantSnapshot(api: ManagementApi, desired: DesiredLogtoState): Promise<TenantSnapshot> {
  const [resources, roles, organizationScopes, organizationRoles, webApp, hooks] = await Promise.all([
    api.resources.listAll(),
    api.roles.listAll({ type: 'User' }),
    api.organizationScopes.listAll(),
    api.organizationRoles.listAll(),
    getApplicationOrNull(api, desired.webApp.id),
    api.hooks.list(),
  ]);

  const resource = resources.find((candidate) => candidate.indicator === desired.apiResource.indicator);
  const candidates = roles.filter((role) => role.isDefault || role.name === desired.defaultRole.name);
  const userRoles = await Promise.all(
    candidates.map(async (role) => ({ role, scopes: await api.roles.listScopes(role.id) })),
  );

  return {
    apiResource: resource ? { ...resource, scopes: resource.scopes ?? [] } : null,
    userRoles,
    organizationScopes,
    organizationRoles: await Promise.all(
      // Logto embeds each role's scopes in the list; ask per role only if a server did not.
      organizationRoles.map(async (role) => ({ ...role, scopes: role.scopes ?? (await api.organizationRoles.listScopes(role.id)) })),
    ),
    webApp,
    hooks,
  };
}

async function getApplicationOrNull(api: ManagementApi, applicationId: string) {
  try {
    return await api.applications.get(applicationId);
  } catch (error) {
    if (error instanceof LogtoApiError && error.status === 404) return null;
    throw error;
  }
}
