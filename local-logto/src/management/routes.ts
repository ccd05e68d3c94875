import type { Database } from '../db/database.js';
import type { WebhookDispatcher } from '../hooks/dispatcher.js';
import type { Router } from '../http/router.js';
import type { SigningKey } from '../oidc/keys.js';
import { registerApplicationRoutes } from './applications.js';
import { createManagementAuthenticator } from './auth.js';
import { registerHookRoutes } from './hooks.js';
import { ManagementRouter } from './context.js';
import { registerInvitationRoutes } from './invitations.js';
import { registerOrganizationApplicationRoutes } from './organization-applications.js';
import { registerOrganizationJitRoutes } from './organization-jit.js';
import { registerOrganizationTemplateRoutes } from './organization-template.js';
import { registerOrganizationRoutes } from './organizations.js';
import { registerResourceRoutes } from './resources.js';
import { registerRoleRoutes } from './roles.js';
import { registerUserRoutes } from './users.js';

export interface ManagementDependencies {
  database: Database;
  signingKey: SigningKey;
  issuer: string;
  hooks: WebhookDispatcher;
}

/** The subset of Logto's Management API the starter uses, under /api. */
export function registerManagementRoutes(router: Router, { database, signingKey, issuer, hooks }: ManagementDependencies): void {
  const authenticate = createManagementAuthenticator({ signingKey, issuer });
  const api = new ManagementRouter(router, ({ req }) => authenticate(req), database, hooks);
  registerOrganizationRoutes(api);
  registerOrganizationApplicationRoutes(api);
  registerOrganizationJitRoutes(api);
  registerOrganizationTemplateRoutes(api);
  registerInvitationRoutes(api);
  registerResourceRoutes(api);
  registerRoleRoutes(api);
  registerUserRoutes(api);
  registerApplicationRoutes(api);
  registerHookRoutes(api);
}
