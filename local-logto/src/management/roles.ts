import { z } from 'zod';

import { longId } from '../db/ids.js';
import { ApiError, created, noContent, ok, readJsonBody } from '../http/responses.js';
import { parseInput } from '../http/validation.js';
import { findResource, findScope, toApiResource, toApiScope, type ScopeRecord } from '../store/resources.js';
import {
  addRoleScopes,
  assignUserRoles,
  deleteRole,
  findRole,
  findRoleScopeIds,
  findRoles,
  findRoleUsage,
  findUserRoles,
  insertRole,
  listRoles,
  removeRoleScope,
  removeUserRole,
  replaceUserRoles,
  toApiRole,
  updateRole,
} from '../store/roles.js';
import { findUserById, listRoleUsers, toApiUser } from '../store/users.js';
import { param, query, type ManagementRouter } from './context.js';
import { emptyUpdate, notExistsWithId, notFound, withConstraintErrors } from './errors.js';
import { pageHeaders, readPage } from './pagination.js';

const roleType = z.enum(['User', 'MachineToMachine']);
const createBody = z.object({
  name: z.string().min(1).max(128),
  description: z.string().min(1),
  type: roleType.optional(),
  scopeIds: z.array(z.string().min(1)).optional(),
  isDefault: z.boolean().optional(),
});
// `type` cannot change: Logto drops it from PATCH bodies.
const updateBody = z.object({
  name: z.string().min(1).max(128).optional(),
  description: z.string().min(1).optional(),
  isDefault: z.boolean().optional(),
});
const listQuery = z.object({ type: roleType.optional(), search: z.string().optional() });
const scopeIdsBody = z.object({ scopeIds: z.array(z.string().min(1)).min(1) });
const roleIdsBody = z.object({ roleIds: z.array(z.string().min(1)).min(1) });
const replaceRoleIdsBody = z.object({ roleIds: z.array(z.string().min(1)) });

function nameInUse(name: string): ApiError {
  return new ApiError(422, 'role.name_in_use', `This role name ${name} is already in use`);
}

/** Global roles (RBAC for API resources) and the roles of users. */
export function registerRoleRoutes(api: ManagementRouter): void {
  const { database } = api;

  const requireRole = async (id: string) => {
    const role = await findRole(database, id);
    if (!role) {
      throw notExistsWithId('roles', id);
    }
    return role;
  };

  const requireScopes = async (ids: readonly string[]): Promise<ScopeRecord[]> => {
    const scopes: ScopeRecord[] = [];
    for (const id of ids) {
      const scope = await findScope(database, id);
      if (!scope) {
        throw notExistsWithId('scopes', id);
      }
      scopes.push(scope);
    }
    return scopes;
  };

  const requireUser = async (id: string) => {
    if (!(await findUserById(database, id))) {
      throw notFound();
    }
  };

  /** Checks every role exists and may be given to a user; unknown ids fail before any change. */
  const requireUserRoles = async (ids: readonly string[]) => {
    const roles = await findRoles(database, ids);
    for (const id of ids) {
      const role = roles.find((candidate) => candidate.id === id);
      if (!role) {
        throw notExistsWithId('roles', id);
      }
      if (role.type !== 'User') {
        throw new ApiError(422, 'user.invalid_role_type', 'Invalid role type, can not assign machine-to-machine role to user.');
      }
    }
  };

  api.get('/api/roles', async (context) => {
    const { type, search } = parseInput(listQuery, query(context), 'query');
    const page = readPage(context.url, 'always');
    const { roles, total } = await listRoles(database, { type, search: search || undefined, ...page });
    const usage = await findRoleUsage(
      database,
      roles.map(({ id }) => id),
    );
    return ok(
      roles.map((role) => ({ ...toApiRole(role), ...usage.get(role.id) })),
      pageHeaders(context.url, page, total),
    );
  });

  api.post('/api/roles', async ({ req }) => {
    const { scopeIds = [], ...body } = parseInput(createBody, await readJsonBody(req));
    await requireScopes(scopeIds);
    const role = await withConstraintErrors(
      () =>
        database.transaction(async (tx) => {
          const inserted = await insertRole(tx, { id: longId(), ...body, type: body.type ?? 'User' });
          await addRoleScopes(tx, inserted.id, scopeIds);
          return inserted;
        }),
      () => nameInUse(body.name),
    );
    // Logto answers this creation with 200, not 201.
    return ok(toApiRole(role));
  });

  api.get('/api/roles/:id', async (context) => ok(toApiRole(await requireRole(param(context, 'id')))));

  api.patch('/api/roles/:id', async (context) => {
    const id = param(context, 'id');
    const patch = parseInput(updateBody, await readJsonBody(context.req));
    await requireRole(id);
    if (Object.values(patch).every((value) => value === undefined)) {
      throw emptyUpdate();
    }
    const role = await withConstraintErrors(
      () => updateRole(database, id, patch),
      () => nameInUse(patch.name ?? ''),
    );
    if (!role) {
      throw notExistsWithId('roles', id);
    }
    return ok(toApiRole(role));
  });

  api.delete('/api/roles/:id', async (context) => {
    const id = param(context, 'id');
    if (!(await deleteRole(database, id))) {
      throw notExistsWithId('roles', id);
    }
    return noContent();
  });

  api.get('/api/roles/:id/scopes', async (context) => {
    const id = param(context, 'id');
    const page = readPage(context.url, 'optional');
    await requireRole(id);
    const scopes = await requireScopes(await findRoleScopeIds(database, id));
    scopes.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    const items = [];
    for (const scope of page ? scopes.slice(page.offset, page.offset + page.limit) : scopes) {
      const resource = await findResource(database, scope.resourceId);
      items.push({ ...toApiScope(scope), ...(resource ? { resource: toApiResource(resource) } : {}) });
    }
    return page ? ok(items, pageHeaders(context.url, page, scopes.length)) : ok(items);
  });

  api.post('/api/roles/:id/scopes', async (context) => {
    const id = param(context, 'id');
    const { scopeIds } = parseInput(scopeIdsBody, await readJsonBody(context.req));
    await requireRole(id);
    const existing = new Set(await findRoleScopeIds(database, id));
    const already = scopeIds.find((scopeId) => existing.has(scopeId));
    if (already) {
      throw new ApiError(422, 'role.scope_exists', `The scope id ${already} has already been added to this role`);
    }
    const scopes = await requireScopes(scopeIds);
    await database.transaction((tx) => addRoleScopes(tx, id, scopeIds));
    return created(scopes.map(toApiScope));
  });

  api.delete('/api/roles/:id/scopes/:scopeId', async (context) => {
    const id = param(context, 'id');
    await requireRole(id);
    if (!(await removeRoleScope(database, id, param(context, 'scopeId')))) {
      throw notFound();
    }
    return noContent();
  });

  api.get('/api/roles/:id/users', async (context) => {
    const id = param(context, 'id');
    const page = readPage(context.url, 'always');
    await requireRole(id);
    const { users, total } = await listRoleUsers(database, id, page);
    return ok(users.map(toApiUser), pageHeaders(context.url, page, total));
  });

  // Roles of a user -------------------------------------------------------------------

  api.get('/api/users/:userId/roles', async (context) => {
    const userId = param(context, 'userId');
    const page = readPage(context.url, 'always');
    await requireUser(userId);
    const { roles, total } = await findUserRoles(database, userId, page);
    return ok(roles.map(toApiRole), pageHeaders(context.url, page, total));
  });

  api.post('/api/users/:userId/roles', async (context) => {
    const userId = param(context, 'userId');
    const { roleIds } = parseInput(roleIdsBody, await readJsonBody(context.req));
    await requireUser(userId);
    await requireUserRoles(roleIds);
    const addedRoleIds = await withConstraintErrors(() =>
      database.transaction((tx) => assignUserRoles(tx, userId, roleIds)),
    );
    return created({ roleIds, addedRoleIds });
  });

  api.put('/api/users/:userId/roles', async (context) => {
    const userId = param(context, 'userId');
    const { roleIds } = parseInput(replaceRoleIdsBody, await readJsonBody(context.req));
    await requireUser(userId);
    await requireUserRoles(roleIds);
    await withConstraintErrors(() => database.transaction((tx) => replaceUserRoles(tx, userId, roleIds)));
    return ok({ roleIds });
  });

  api.delete('/api/users/:userId/roles/:roleId', async (context) => {
    const userId = param(context, 'userId');
    await requireUser(userId);
    if (!(await removeUserRole(database, userId, param(context, 'roleId')))) {
      throw notFound();
    }
    return noContent();
  });
}
