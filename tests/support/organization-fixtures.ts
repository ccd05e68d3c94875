// Fixtures for the organization use-case tests: users, organizations with members in given
// roles, a caller's verified access for a role, a recorder for token invalidation.
import { randomBytes } from 'node:crypto';

import { ORGANIZATION_ROLES, type OrganizationRole } from '@/lib/auth/scopes';
import type { AdminAccess } from '@/lib/organizations/use-case';

import { createTestUser, managementApiFor, type TestUser } from './logto-admin';

export type FixtureUser = TestUser;

export function organizationFixtures(endpoint: string) {
  const api = managementApiFor(endpoint);

  /** A user with a unique name and e-mail (no password: these users never sign in). */
  function user(label = 'user'): Promise<FixtureUser> {
    return createTestUser(endpoint, { label });
  }

  async function addMember(organizationId: string, userId: string, role: OrganizationRole) {
    await api.organizations.addUsers(organizationId, [userId]);
    await api.organizations.setUserRolesByName(organizationId, userId, [role]);
  }

  /** An organization whose members have the given roles. */
  async function organization(members: [FixtureUser, OrganizationRole][], name = `Org ${randomBytes(3).toString('hex')}`) {
    const created = await api.organizations.create({ name, description: null });
    for (const [member, role] of members) await addMember(created.id, member.id, role);
    return created.id;
  }

  async function rolesOf(organizationId: string, userId: string) {
    try {
      return (await api.organizations.getUserRoles(organizationId, userId)).map((role) => role.name).sort();
    } catch {
      return null;
    }
  }

  /** One organization with a member of every role. */
  async function team() {
    const [owner, admin, member, viewer] = await Promise.all([user('Owner'), user('Admin'), user('Member'), user('Viewer')]);
    const organizationId = await organization([
      [owner, 'owner'],
      [admin, 'admin'],
      [member, 'member'],
      [viewer, 'viewer'],
    ]);
    return { organizationId, owner, admin, member, viewer };
  }

  return { api, user, addMember, organization, rolesOf, team };
}

/** The verified access a caller with `role` gets (null: a member without any role). */
export function accessFor(user: { id: string }, organizationId: string, role: OrganizationRole | null): AdminAccess {
  const scopes = new Set<string>(role ? ORGANIZATION_ROLES[role] : []);
  return { user: { id: user.id }, organizationId, can: (scope) => scopes.has(scope) };
}

/** Stands in for sessionStore: records whose organization tokens were dropped. */
export function tokenRecorder() {
  const forgotten: string[] = [];
  return {
    forgotten,
    tokens: {
      forgetOrganizationTokens: async (userId: string, organizationId: string) => {
        forgotten.push(`${userId}@${organizationId}`);
      },
    },
  };
}
