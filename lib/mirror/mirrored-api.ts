import 'server-only';

import { LogtoApiError, type ManagementApi } from '@/lib/logto/management-api';

import type { Mirror } from './mirror';

// Two views of the Management API client with the mirror in between, so the organization use
// cases stay as they are:
// - writeThroughApi: every call goes to Logto; each successful change is also written to the
//   mirror (the app's own writes are visible on the next page view, without a call to Logto).
// - mirrorReadApi: what pages read (organizations, members, users, a user's organizations,
//   invitations) comes from the mirror, read through to Logto only when missing or expired.

type GetMirror = () => Promise<Mirror>;

/** A mirror write that fails must not turn Logto's successful change into an error: expiry heals it. */
async function quietly(what: string, write: () => Promise<unknown>) {
  try {
    await write();
  } catch (error) {
    console.error(`[mirror] could not record ${what}; the entry heals on expiry:`, error);
  }
}

export function writeThroughApi(api: ManagementApi, getMirror: GetMirror): ManagementApi {
  const { organizations, invitations } = api;
  return {
    ...api,
    organizations: {
      ...organizations,
      create: async (input) => {
        const created = await organizations.create(input);
        await quietly('a new organization', async () => (await getMirror()).putOrganization(created));
        return created;
      },
      update: async (organizationId, patch) => {
        const updated = await organizations.update(organizationId, patch);
        await quietly('an organization change', async () => (await getMirror()).putOrganization(updated));
        return updated;
      },
      delete: async (organizationId) => {
        await organizations.delete(organizationId);
        await quietly('a deleted organization', async () => (await getMirror()).removeOrganization(organizationId));
      },
      addUsers: async (organizationId, userIds) => {
        await organizations.addUsers(organizationId, userIds);
        await quietly('new members', async () => {
          const mirror = await getMirror();
          // Their roles follow in a separate call; read the member list again on next use.
          await mirror.invalidate({ organizationMembers: organizationId });
          for (const userId of userIds) await mirror.invalidate({ userOrganizations: userId });
        });
      },
      removeUser: async (organizationId, userId) => {
        await organizations.removeUser(organizationId, userId);
        await quietly('a removed member', async () => (await getMirror()).removeMembership(organizationId, userId));
      },
      setUserRolesByName: async (organizationId, userId, names) => {
        await organizations.setUserRolesByName(organizationId, userId, names);
        await quietly('a role change', async () => {
          // Logto resolves names to roles; read them back so the mirror holds Logto's answer.
          const roles = await organizations.getUserRoles(organizationId, userId);
          await (await getMirror()).setMemberRoles(organizationId, userId, roles.map(({ id, name }) => ({ id, name })));
        });
      },
      addUserRolesByName: async (organizationId, userId, names) => {
        await organizations.addUserRolesByName(organizationId, userId, names);
        await quietly('a role change', async () => {
          const roles = await organizations.getUserRoles(organizationId, userId);
          await (await getMirror()).setMemberRoles(organizationId, userId, roles.map(({ id, name }) => ({ id, name })));
        });
      },
    },
    invitations: {
      ...invitations,
      create: async (input) => {
        const created = await invitations.create(input);
        await quietly('a new invitation', async () => (await getMirror()).putInvitation(created));
        return created;
      },
      setStatus: async (invitationId, status, acceptedUserId) => {
        const updated = await invitations.setStatus(invitationId, status, acceptedUserId);
        await quietly('an invitation change', async () => {
          const mirror = await getMirror();
          await mirror.putInvitation(updated);
          if (status === 'Accepted' && acceptedUserId) {
            // Logto added the membership and the invitation's roles.
            await mirror.setMemberRoles(updated.organizationId, acceptedUserId, updated.organizationRoles);
            await mirror.invalidate({ organizationMembers: updated.organizationId, userOrganizations: acceptedUserId });
          }
        });
        return updated;
      },
      delete: async (invitationId) => {
        await invitations.delete(invitationId);
        await quietly('a deleted invitation', async () => (await getMirror()).removeInvitation(invitationId));
      },
    },
  };
}

const notFound = (what: string) => new LogtoApiError(404, 'entity.not_exists_with_id', `${what} does not exist`);

export function mirrorReadApi(api: ManagementApi, getMirror: GetMirror): ManagementApi {
  const { organizations, users, invitations } = api;
  return {
    ...api,
    organizations: {
      ...organizations,
      get: async (organizationId) => {
        const organization = await (await getMirror()).organization(organizationId);
        if (!organization) throw notFound(`Organization ${organizationId}`);
        return organization;
      },
      listMembers: async (organizationId, query) => (await getMirror()).members(organizationId, query),
    },
    users: {
      ...users,
      get: async (userId) => {
        const user = (await (await getMirror()).users([userId])).get(userId);
        if (!user || user === 'deleted') throw notFound(`User ${userId}`);
        return user;
      },
      organizations: async (userId) => (await getMirror()).userOrganizations(userId),
    },
    invitations: {
      ...invitations,
      list: async (query) => {
        if (!query.organizationId || query.invitee) return invitations.list(query);
        return (await getMirror()).invitations(query.organizationId);
      },
    },
  };
}
