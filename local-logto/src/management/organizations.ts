import { z } from 'zod';

import { ApiError, created, createdText, noContent, ok, readJsonBody } from '../http/responses.js';
import { parseInput } from '../http/validation.js';
import {
  findOrganizationRolesByNames,
  toApiOrganizationRole,
  toApiOrganizationScope,
} from '../store/organization-template.js';
import {
  addMemberRoles,
  addMembers,
  deleteOrganization,
  findFeaturedUsers,
  findMemberRoleReferences,
  findMemberRoles,
  findMemberScopes,
  findOrganization,
  findUserOrganizationsWithRoles,
  insertOrganization,
  isMember,
  listMembers,
  listOrganizations,
  removeMember,
  removeMemberRole,
  replaceMemberRoles,
  replaceMembers,
  toApiOrganization,
  updateOrganization,
} from '../store/organizations.js';
import { managementApiContext } from '../hooks/request-context.js';
import { findUserById, toApiUser } from '../store/users.js';
import { param, query, type ManagementRouter, type RequestContext } from './context.js';
import {
  checkIdLengths,
  emptyUpdate,
  notExists,
  notExistsWithId,
  notFound,
  requireMembership,
  withConstraintErrors,
} from './errors.js';
import { pageHeaders, readPage } from './pagination.js';

const jsonObject = z.record(z.string(), z.unknown());

const organizationFields = {
  name: z.string().min(1).max(128),
  description: z.string().max(256).nullable(),
  customData: jsonObject,
  isMfaRequired: z.boolean(),
  color: z.object({
    primaryColor: z.string().optional(),
    isDarkModeEnabled: z.boolean().optional(),
    darkPrimaryColor: z.string().optional(),
  }),
  branding: z.object({
    logoUrl: z.string().optional(),
    darkLogoUrl: z.string().optional(),
    favicon: z.string().optional(),
    darkFavicon: z.string().optional(),
  }),
  customCss: z.string().nullable(),
};

const createOrganizationBody = z.object(organizationFields).partial().required({ name: true });
const updateOrganizationBody = z.object(organizationFields).partial();

const listQuery = z.object({ q: z.string().optional(), showFeatured: z.enum(['true', 'false']).optional() });
// Logto 1.37 documents `organizationRoleId` here but ignores it (every member comes back), and
// so does this server: other query parameters are ignored, as Logto ignores them.
const membersQuery = z.object({ q: z.string().optional() });

const userIdsBody = z.object({ userIds: z.array(z.string().min(1)).min(1) });
const replaceUserIdsBody = z.object({ userIds: z.array(z.string().min(1)) });
const bulkRolesBody = z.object({
  userIds: z.array(z.string().min(1)).min(1),
  organizationRoleIds: z.array(z.string().min(1)).min(1),
});
const memberRolesBody = z.object({
  organizationRoleIds: z.array(z.string().min(1)).optional(),
  organizationRoleNames: z.array(z.string().min(1)).optional(),
});

const TABLE = 'organizations';

/** Organizations, their members and the members' organization roles. */
export function registerOrganizationRoutes(api: ManagementRouter): void {
  const { database } = api;

  const requireOrganization = async (id: string) => {
    const organization = await findOrganization(database, id);
    if (!organization) {
      throw notExistsWithId(TABLE, id);
    }
    return organization;
  };

  const requireMember = async (organizationId: string, userId: string) => {
    if (!(await isMember(database, organizationId, userId))) {
      throw requireMembership();
    }
  };

  /** Role ids and names may be mixed; an unknown name fails before anything changes. */
  const resolveRoleIds = async (body: z.infer<typeof memberRolesBody>): Promise<string[]> => {
    const ids = new Set(body.organizationRoleIds ?? []);
    const names = [...new Set(body.organizationRoleNames ?? [])];
    if (names.length > 0) {
      const found = await findOrganizationRolesByNames(database, names);
      const missing = names.filter((name) => !found.some((role) => role.name === name));
      if (missing.length > 0) {
        const list = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' }).format(missing);
        throw new ApiError(
          422,
          'organization.role_names_not_found',
          `Invalid role names detected: ${list}. Please create these roles first before proceeding.`,
        );
      }
      for (const role of found) {
        ids.add(role.id);
      }
    }
    return [...ids];
  };

  api.post('/api/organizations', async ({ req }) => {
    const body = parseInput(createOrganizationBody, await readJsonBody(req));
    return created(toApiOrganization(await insertOrganization(database, body)));
  });

  api.get('/api/organizations', async (context) => {
    const { q, showFeatured } = parseInput(listQuery, query(context), 'query');
    const page = readPage(context.url, 'always');
    const { organizations, total } = await listOrganizations(database, { q: q || undefined, ...page });
    const items = organizations.map(toApiOrganization);
    if (showFeatured === 'true') {
      const featured = await findFeaturedUsers(
        database,
        organizations.map(({ id }) => id),
      );
      return ok(
        items.map((item) => ({ ...item, ...(featured.get(item.id) ?? { usersCount: 0, featuredUsers: [] }) })),
        pageHeaders(context.url, page, total),
      );
    }
    return ok(items, pageHeaders(context.url, page, total));
  });

  api.get('/api/organizations/:id', async (context) =>
    ok(toApiOrganization(await requireOrganization(param(context, 'id')))),
  );

  api.patch('/api/organizations/:id', async (context) => {
    const id = param(context, 'id');
    const patch = parseInput(updateOrganizationBody, await readJsonBody(context.req));
    if (!(await findOrganization(database, id))) {
      throw notExists('organization');
    }
    if (Object.values(patch).every((value) => value === undefined)) {
      throw emptyUpdate();
    }
    const updated = await updateOrganization(database, id, patch);
    if (!updated) {
      throw notExists('organization');
    }
    return ok(toApiOrganization(updated));
  });

  api.delete('/api/organizations/:id', async (context) => {
    const id = param(context, 'id');
    if (!(await deleteOrganization(database, id))) {
      throw notExistsWithId(TABLE, id);
    }
    return noContent();
  });

  // Members ---------------------------------------------------------------------------

  /**
   * Logto 1.37 reports membership changes with the organization id only (not who joined or
   * left); role assignments are not reported at all.
   */
  const reportMembership = (context: RequestContext, status: number) =>
    api.report(context, 'Organization.Membership.Updated', {
      ...managementApiContext(context, status),
      organizationId: param(context, 'id'),
    });

  api.get('/api/organizations/:id/users', async (context) => {
    const organizationId = param(context, 'id');
    const { q } = parseInput(membersQuery, query(context), 'query');
    const page = readPage(context.url, 'always');
    await requireOrganization(organizationId);
    const { users, total } = await listMembers(database, organizationId, {
      q: q || undefined,
      ...page,
    });
    const roles = await findMemberRoleReferences(
      database,
      organizationId,
      users.map(({ id }) => id),
    );
    const members = users.map((user) => {
      const { hasPassword: _hasPassword, ...apiUser } = toApiUser(user);
      return { ...apiUser, organizationRoles: roles.get(user.id) ?? [] };
    });
    return ok(members, pageHeaders(context.url, page, total));
  });

  api.post('/api/organizations/:id/users', async (context) => {
    const organizationId = param(context, 'id');
    const { userIds } = parseInput(userIdsBody, await readJsonBody(context.req));
    await withConstraintErrors(() => database.transaction((tx) => addMembers(tx, organizationId, checkIdLengths(userIds))));
    reportMembership(context, 201);
    return createdText();
  });

  api.put('/api/organizations/:id/users', async (context) => {
    const organizationId = param(context, 'id');
    const { userIds } = parseInput(replaceUserIdsBody, await readJsonBody(context.req));
    await withConstraintErrors(() => database.transaction((tx) => replaceMembers(tx, organizationId, checkIdLengths(userIds))));
    reportMembership(context, 204);
    return noContent();
  });

  api.delete('/api/organizations/:id/users/:userId', async (context) => {
    if (!(await removeMember(database, param(context, 'id'), param(context, 'userId')))) {
      throw notFound();
    }
    reportMembership(context, 204);
    return noContent();
  });

  api.post('/api/organizations/:id/users/roles', async (context) => {
    const organizationId = param(context, 'id');
    const { userIds, organizationRoleIds } = parseInput(bulkRolesBody, await readJsonBody(context.req));
    // A user who is not a member breaks the membership foreign key: 422, nothing assigned.
    await withConstraintErrors(() =>
      database.transaction((tx) =>
        addMemberRoles(tx, organizationId, checkIdLengths(userIds), checkIdLengths(organizationRoleIds)),
      ),
    );
    return createdText();
  });

  /** PUT and POST .../users/:userId/roles: a member, and the role ids their body names (ids or names). */
  async function memberRolesRequest(context: RequestContext) {
    const organizationId = param(context, 'id');
    const userId = param(context, 'userId');
    const body = parseInput(memberRolesBody, await readJsonBody(context.req));
    await requireMember(organizationId, userId);
    return { organizationId, userId, roleIds: await resolveRoleIds(body) };
  }

  // One member's roles ----------------------------------------------------------------

  api.get('/api/organizations/:id/users/:userId/roles', async (context) => {
    const organizationId = param(context, 'id');
    const userId = param(context, 'userId');
    await requireMember(organizationId, userId);
    return ok((await findMemberRoles(database, organizationId, userId)).map(toApiOrganizationRole));
  });

  api.put('/api/organizations/:id/users/:userId/roles', async (context) => {
    const { organizationId, userId, roleIds } = await memberRolesRequest(context);
    await withConstraintErrors(() =>
      database.transaction((tx) => replaceMemberRoles(tx, organizationId, userId, roleIds)),
    );
    return noContent();
  });

  api.post('/api/organizations/:id/users/:userId/roles', async (context) => {
    const { organizationId, userId, roleIds } = await memberRolesRequest(context);
    await withConstraintErrors(() =>
      database.transaction((tx) => addMemberRoles(tx, organizationId, [userId], roleIds)),
    );
    return createdText();
  });

  api.delete('/api/organizations/:id/users/:userId/roles/:roleId', async (context) => {
    const organizationId = param(context, 'id');
    const userId = param(context, 'userId');
    await requireMember(organizationId, userId);
    if (!(await removeMemberRole(database, organizationId, userId, param(context, 'roleId')))) {
      throw notFound();
    }
    return noContent();
  });

  api.get('/api/organizations/:id/users/:userId/scopes', async (context) => {
    const organizationId = param(context, 'id');
    const userId = param(context, 'userId');
    await requireMember(organizationId, userId);
    return ok((await findMemberScopes(database, organizationId, userId)).map(toApiOrganizationScope));
  });

  api.get('/api/users/:userId/organizations', async (context) => {
    const userId = param(context, 'userId');
    if (!(await findUserById(database, userId))) {
      throw notFound();
    }
    const organizations = await findUserOrganizationsWithRoles(database, userId);
    return ok(organizations.map((organization) => ({ tenantId: 'default', ...organization })));
  });
}
