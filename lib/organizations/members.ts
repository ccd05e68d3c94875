import 'server-only';

import { z } from 'zod';

import { userMessage, validationMessage } from '@/i18n/user-messages';
import { OWNER_ROLE, type OrganizationRole } from '@/lib/auth/scopes';
import { displayNameOf, initialsOf, type PeopleNames } from '@/lib/display-name';
import { AppError } from '@/lib/errors';
import { LogtoApiError, type LogtoMember, type ManagementApi } from '@/lib/logto/management-api';

import { recordActivity } from './activity';
import { listOwnerIds, isOwner, requireMemberRoles } from './member-roles';
import { organizationRoleSchema } from './schemas';
import { forbidden, parseInput, type AdminAccess, type AdminDeps } from './use-case';

// Members of an organization and their roles. The rules, on top of the scope each use case
// needs: an organization never loses its last owner; only owners change or remove owners or
// make anyone owner; nobody "removes" themselves (they leave). Every change drops the
// affected user's cached organization tokens, so their next request carries the new scopes.

export const userIdSchema = z
  .string({ error: validationMessage('chooseMember') })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, validationMessage('chooseMember'));

export const changeRoleSchema = z.object({ userId: userIdSchema, role: organizationRoleSchema });
export const removeMemberSchema = z.object({ userId: userIdSchema });

export const MEMBERS_PAGE_SIZE = 20;

export const memberListQuerySchema = z.object({
  q: z.string().trim().max(100).catch(''),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export type MemberDto = {
  id: string;
  name: string;
  email: string | null;
  initials: string;
  roles: string[];
  isOwner: boolean;
};

export type MemberPageDto = {
  items: MemberDto[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  q: string;
};

function toMemberDto(member: LogtoMember, names: PeopleNames): MemberDto {
  const name = displayNameOf(member) ?? names.unnamed;
  const roles = member.organizationRoles.map((role) => role.name).sort();
  return { id: member.id, name, email: member.primaryEmail, initials: initialsOf(name), roles, isOwner: roles.includes(OWNER_ROLE) };
}

/** A page of members, optionally filtered by `q` (name, username or e-mail; Logto's search). */
export async function listMembers(
  deps: Pick<AdminDeps, 'api'> & { names: PeopleNames },
  access: AdminAccess,
  { q = '', page = 1, pageSize = MEMBERS_PAGE_SIZE }: { q?: string; page?: number; pageSize?: number } = {},
): Promise<MemberPageDto> {
  if (!access.can('read:members')) throw forbidden(userMessage('roleCannotViewMembers'));
  const { items, total } = await deps.api.organizations.listMembers(access.organizationId, { q, page, pageSize });
  return {
    items: items.map((member) => toMemberDto(member, deps.names)),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
    pageSize,
    q,
  };
}

/** Refuses when `userId` is the organization's only owner (the change would leave it with none). */
async function assertNotLastOwner(api: ManagementApi, organizationId: string, userId: string, self: boolean) {
  const owners = await listOwnerIds(api, organizationId);
  if (owners.every((id) => id === userId)) throw lastOwnerError(self);
}

function lastOwnerError(self: boolean) {
  return new AppError('conflict', self ? userMessage('lastOwnerSelf') : userMessage('lastOwnerOther'));
}

/**
 * The owner checks above read, then write: two owners demoting each other at the same moment
 * could both pass. After such a change, look again and undo it if no owner is left.
 */
async function undoIfOwnerless(api: ManagementApi, organizationId: string, undo: () => Promise<void>, self: boolean) {
  const owners = await listOwnerIds(api, organizationId);
  if (owners.length > 0) return;
  await undo();
  throw lastOwnerError(self);
}

async function getUserOrNull(api: ManagementApi, userId: string) {
  try {
    return await api.users.get(userId);
  } catch (error) {
    if (error instanceof LogtoApiError && error.status === 404) return null;
    throw error;
  }
}

/**
 * Gives a member exactly `role` (`manage:members`). Owners may make anyone owner, which is how
 * ownership is transferred, and may step down themselves while another owner remains.
 */
export async function changeMemberRole(
  deps: AdminDeps,
  access: AdminAccess,
  input: z.infer<typeof changeRoleSchema>,
): Promise<{ name: string | null; from: string[]; to: OrganizationRole; changed: boolean }> {
  if (!access.can('manage:members')) throw forbidden(userMessage('roleCannotChangeRoles'));
  const { api } = deps;
  const { organizationId } = access;
  const { userId, role } = parseInput(changeRoleSchema, input);
  const self = userId === access.user.id;

  const [from, actorIsOwner, user] = await Promise.all([
    requireMemberRoles(api, organizationId, userId),
    isOwner(api, organizationId, access.user.id),
    getUserOrNull(api, userId),
  ]);
  const name = user ? displayNameOf(user) : null;
  const targetIsOwner = from.includes(OWNER_ROLE);
  if (!actorIsOwner && role === OWNER_ROLE) throw forbidden(userMessage('onlyOwnersMakeOwner'));
  if (!actorIsOwner && targetIsOwner) throw forbidden(userMessage('onlyOwnersChangeOwner'));
  if (from.length === 1 && from[0] === role) return { name, from, to: role, changed: false };
  if (targetIsOwner && role !== OWNER_ROLE) await assertNotLastOwner(api, organizationId, userId, self);

  await api.organizations.setUserRolesByName(organizationId, userId, [role]);
  if (targetIsOwner && role !== OWNER_ROLE) {
    await undoIfOwnerless(api, organizationId, () => api.organizations.setUserRolesByName(organizationId, userId, from), self);
  }
  await deps.tokens.forgetOrganizationTokens(userId, organizationId);
  await recordActivity(deps.db, {
    organizationId,
    actorId: access.user.id,
    action: 'member.role_changed',
    target: userId,
    metadata: { memberName: name ?? '', from, to: role },
  });
  return { name, from, to: role, changed: true };
}

/** Removes another member (`manage:members`); owners only by owners, never the last one. */
export async function removeMember(
  deps: AdminDeps,
  access: AdminAccess,
  input: z.infer<typeof removeMemberSchema>,
): Promise<{ name: string | null }> {
  if (!access.can('manage:members')) throw forbidden(userMessage('roleCannotRemoveMembers'));
  const { api } = deps;
  const { organizationId } = access;
  const { userId } = parseInput(removeMemberSchema, input);
  if (userId === access.user.id) throw new AppError('invalid_input', userMessage('removeYourself'));

  const [roles, actorIsOwner, user] = await Promise.all([
    requireMemberRoles(api, organizationId, userId),
    isOwner(api, organizationId, access.user.id),
    getUserOrNull(api, userId),
  ]);
  const name = user ? displayNameOf(user) : null;
  const targetIsOwner = roles.includes(OWNER_ROLE);
  if (targetIsOwner && !actorIsOwner) throw forbidden(userMessage('onlyOwnersRemoveOwner'));
  if (targetIsOwner) await assertNotLastOwner(api, organizationId, userId, false);

  await api.organizations.removeUser(organizationId, userId);
  if (targetIsOwner) await undoIfOwnerless(api, organizationId, () => restoreMembership(api, organizationId, userId, roles), false);
  await deps.tokens.forgetOrganizationTokens(userId, organizationId);
  await recordActivity(deps.db, {
    organizationId,
    actorId: access.user.id,
    action: 'member.removed',
    target: userId,
    metadata: { memberName: name ?? '', email: user?.primaryEmail ?? '', roles },
  });
  return { name };
}

/** The caller leaves the organization; any member may, except its last owner. */
export async function leaveOrganization(deps: AdminDeps, access: AdminAccess): Promise<void> {
  const { api } = deps;
  const { organizationId } = access;
  const userId = access.user.id;
  const roles = await requireMemberRoles(api, organizationId, userId);
  const wasOwner = roles.includes(OWNER_ROLE);
  if (wasOwner) await assertNotLastOwner(api, organizationId, userId, true);

  await api.organizations.removeUser(organizationId, userId);
  if (wasOwner) await undoIfOwnerless(api, organizationId, () => restoreMembership(api, organizationId, userId, roles), true);
  await deps.tokens.forgetOrganizationTokens(userId, organizationId);
  await recordActivity(deps.db, { organizationId, actorId: userId, action: 'member.left', target: userId, metadata: { roles } });
}

async function restoreMembership(api: ManagementApi, organizationId: string, userId: string, roles: string[]) {
  await api.organizations.addUsers(organizationId, [userId]);
  if (roles.length > 0) await api.organizations.setUserRolesByName(organizationId, userId, roles);
}

/** Drops every member's cached organization tokens (after a change that affects them all). */
export async function forgetAllMembersTokens(deps: Pick<AdminDeps, 'api' | 'tokens'>, organizationId: string, members?: readonly { id: string }[]) {
  const everyone = members ?? (await deps.api.organizations.listAllMembers(organizationId));
  for (const member of everyone) await deps.tokens.forgetOrganizationTokens(member.id, organizationId);
}
