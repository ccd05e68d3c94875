import type { ApiUser } from '../store/users.js';

/** Every event a Logto 1.37 hook may subscribe to, in Logto's order (its validation error lists them so). */
export const HOOK_EVENTS = [
  'PostRegister',
  'PostSignIn',
  'PostSignInAdaptiveMfaTriggered',
  'PostResetPassword',
  'User.Created',
  'User.Deleted',
  'User.Data.Updated',
  'User.SuspensionStatus.Updated',
  'Role.Created',
  'Role.Deleted',
  'Role.Data.Updated',
  'Role.Scopes.Updated',
  'Scope.Created',
  'Scope.Deleted',
  'Scope.Data.Updated',
  'Organization.Created',
  'Organization.Deleted',
  'Organization.Data.Updated',
  'Organization.Membership.Updated',
  'OrganizationRole.Created',
  'OrganizationRole.Deleted',
  'OrganizationRole.Data.Updated',
  'OrganizationRole.Scopes.Updated',
  'OrganizationScope.Created',
  'OrganizationScope.Deleted',
  'OrganizationScope.Data.Updated',
  'Identifier.Lockout',
] as const;

export type HookEvent = (typeof HOOK_EVENTS)[number];

/**
 * Management API routes whose success Logto reports on its own, with the response body as
 * `data` (Logto's `managementApiHooksRegistration`, keyed by method and route without `/api`).
 * Membership changes, invitation acceptance and user deletion are reported by their routes.
 */
export const MANAGEMENT_API_HOOKS: Readonly<Record<string, HookEvent>> = {
  'POST /users': 'User.Created',
  'PATCH /users/:userId': 'User.Data.Updated',
  'PATCH /users/:userId/custom-data': 'User.Data.Updated',
  'PATCH /users/:userId/profile': 'User.Data.Updated',
  'PATCH /users/:userId/password': 'User.Data.Updated',
  'PATCH /users/:userId/is-suspended': 'User.SuspensionStatus.Updated',
  'POST /roles': 'Role.Created',
  'DELETE /roles/:id': 'Role.Deleted',
  'PATCH /roles/:id': 'Role.Data.Updated',
  'POST /roles/:id/scopes': 'Role.Scopes.Updated',
  'DELETE /roles/:id/scopes/:scopeId': 'Role.Scopes.Updated',
  'POST /resources/:resourceId/scopes': 'Scope.Created',
  'DELETE /resources/:resourceId/scopes/:scopeId': 'Scope.Deleted',
  'PATCH /resources/:resourceId/scopes/:scopeId': 'Scope.Data.Updated',
  'POST /organizations': 'Organization.Created',
  'DELETE /organizations/:id': 'Organization.Deleted',
  'PATCH /organizations/:id': 'Organization.Data.Updated',
  'POST /organization-roles': 'OrganizationRole.Created',
  'DELETE /organization-roles/:id': 'OrganizationRole.Deleted',
  'PATCH /organization-roles/:id': 'OrganizationRole.Data.Updated',
  'POST /organization-scopes': 'OrganizationScope.Created',
  'DELETE /organization-scopes/:id': 'OrganizationScope.Deleted',
  'PATCH /organization-scopes/:id': 'OrganizationScope.Data.Updated',
  'PUT /organization-roles/:id/scopes': 'OrganizationRole.Scopes.Updated',
  'POST /organization-roles/:id/scopes': 'OrganizationRole.Scopes.Updated',
  'DELETE /organization-roles/:id/scopes/:organizationScopeId': 'OrganizationRole.Scopes.Updated',
};

/** The user fields Logto puts in a hook's `data` when it reports a user it read itself (`userInfoSelectFields`). */
export function userInfo(user: ApiUser) {
  return {
    id: user.id,
    username: user.username,
    primaryEmail: user.primaryEmail,
    primaryPhone: user.primaryPhone,
    name: user.name,
    avatar: user.avatar,
    customData: user.customData,
    identities: user.identities,
    lastSignInAt: user.lastSignInAt,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    profile: user.profile,
    applicationId: user.applicationId,
    isSuspended: user.isSuspended,
  };
}

/** One event to report, with the fields that follow Logto's common ones in the payload. */
export interface DataHookContext {
  event: HookEvent;
  fields: Record<string, unknown>;
}
