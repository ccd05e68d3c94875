import { z } from 'zod';

import { longId } from '../db/ids.js';
import { created, createdText, noContent, ok, readJsonBody } from '../http/responses.js';
import { parseInput } from '../http/validation.js';
import {
  addOrganizationRoleScopes,
  deleteOrganizationRole,
  deleteOrganizationScope,
  findOrganizationRole,
  findOrganizationRoleScopes,
  findOrganizationScope,
  insertOrganizationRole,
  insertOrganizationScope,
  listOrganizationRoles,
  listOrganizationScopes,
  removeOrganizationRoleScope,
  replaceOrganizationRoleScopes,
  toApiOrganizationRole,
  toApiOrganizationScope,
  updateOrganizationRole,
  updateOrganizationScope,
} from '../store/organization-template.js';
import { param, query, type ManagementRouter } from './context.js';
import { emptyUpdate, notExistsWithId, notFound, withConstraintErrors } from './errors.js';
import { pageHeaders, readPage } from './pagination.js';

const scopeBody = z.object({ name: z.string().min(1).max(128), description: z.string().nullable().optional() });
const scopePatch = scopeBody.partial();
const roleBody = z.object({
  name: z.string().min(1).max(128),
  description: z.string().nullable().optional(),
  type: z.enum(['User', 'MachineToMachine']).optional(),
  organizationScopeIds: z.array(z.string().min(1)).optional(),
  resourceScopeIds: z.array(z.string().min(1)).max(0, 'API resource scopes in organization roles are not supported here').optional(),
});
const rolePatch = z.object({ name: z.string().min(1).max(128), description: z.string().nullable() }).partial();
const scopeIdsBody = z.object({ organizationScopeIds: z.array(z.string().min(1)) });
const searchQuery = z.object({ q: z.string().optional() });

/** The organization template: organization scopes and organization roles. */
export function registerOrganizationTemplateRoutes(api: ManagementRouter): void {
  const { database } = api;

  // Scopes ----------------------------------------------------------------------------

  api.get('/api/organization-scopes', async (context) => {
    const { q } = parseInput(searchQuery, query(context), 'query');
    const page = readPage(context.url, 'optional');
    const { scopes, total } = await listOrganizationScopes(database, { q: q || undefined, ...page });
    const items = scopes.map(toApiOrganizationScope);
    return page ? ok(items, pageHeaders(context.url, page, total)) : ok(items);
  });

  api.post('/api/organization-scopes', async ({ req }) => {
    const body = parseInput(scopeBody, await readJsonBody(req));
    const scope = await withConstraintErrors(() => insertOrganizationScope(database, { id: longId(), ...body }));
    return created(toApiOrganizationScope(scope));
  });

  api.get('/api/organization-scopes/:id', async (context) => {
    const id = param(context, 'id');
    const scope = await findOrganizationScope(database, id);
    if (!scope) {
      throw notExistsWithId('organization_scopes', id);
    }
    return ok(toApiOrganizationScope(scope));
  });

  api.patch('/api/organization-scopes/:id', async (context) => {
    const id = param(context, 'id');
    const patch = parseInput(scopePatch, await readJsonBody(context.req));
    if (patch.name === undefined && patch.description === undefined) {
      throw emptyUpdate();
    }
    const scope = await withConstraintErrors(() => updateOrganizationScope(database, id, patch));
    if (!scope) {
      throw notExistsWithId('organization_scopes', id);
    }
    return ok(toApiOrganizationScope(scope));
  });

  api.delete('/api/organization-scopes/:id', async (context) => {
    const id = param(context, 'id');
    if (!(await deleteOrganizationScope(database, id))) {
      throw notExistsWithId('organization_scopes', id);
    }
    return noContent();
  });

  // Roles -----------------------------------------------------------------------------

  const requireRole = async (id: string) => {
    const role = await findOrganizationRole(database, id);
    if (!role) {
      throw notExistsWithId('organization_roles', id);
    }
    return role;
  };

  api.get('/api/organization-roles', async (context) => {
    const { q } = parseInput(searchQuery, query(context), 'query');
    const page = readPage(context.url, 'optional');
    const { roles, total } = await listOrganizationRoles(database, { q: q || undefined, ...page });
    const items = roles.map((role) => ({ ...toApiOrganizationRole(role), scopes: role.scopes, resourceScopes: [] }));
    return page ? ok(items, pageHeaders(context.url, page, total)) : ok(items);
  });

  api.post('/api/organization-roles', async ({ req }) => {
    const { organizationScopeIds = [], resourceScopeIds: _resourceScopes, ...input } = parseInput(
      roleBody,
      await readJsonBody(req),
    );
    const role = await withConstraintErrors(() =>
      database.transaction(async (tx) => {
        const inserted = await insertOrganizationRole(tx, { id: longId(), ...input });
        await addOrganizationRoleScopes(tx, inserted.id, organizationScopeIds);
        return inserted;
      }),
    );
    return created(toApiOrganizationRole(role));
  });

  api.get('/api/organization-roles/:id', async (context) =>
    ok(toApiOrganizationRole(await requireRole(param(context, 'id')))),
  );

  api.patch('/api/organization-roles/:id', async (context) => {
    const id = param(context, 'id');
    const patch = parseInput(rolePatch, await readJsonBody(context.req));
    if (patch.name === undefined && patch.description === undefined) {
      throw emptyUpdate();
    }
    const role = await withConstraintErrors(() => updateOrganizationRole(database, id, patch));
    if (!role) {
      throw notExistsWithId('organization_roles', id);
    }
    return ok(toApiOrganizationRole(role));
  });

  api.delete('/api/organization-roles/:id', async (context) => {
    const id = param(context, 'id');
    if (!(await deleteOrganizationRole(database, id))) {
      throw notExistsWithId('organization_roles', id);
    }
    return noContent();
  });

  api.get('/api/organization-roles/:id/scopes', async (context) => {
    const id = param(context, 'id');
    await requireRole(id);
    return ok((await findOrganizationRoleScopes(database, id)).map(toApiOrganizationScope));
  });

  api.post('/api/organization-roles/:id/scopes', async (context) => {
    const id = param(context, 'id');
    const { organizationScopeIds } = parseInput(scopeIdsBody, await readJsonBody(context.req));
    await requireRole(id);
    await withConstraintErrors(() =>
      database.transaction((tx) => addOrganizationRoleScopes(tx, id, organizationScopeIds)),
    );
    return createdText();
  });

  api.put('/api/organization-roles/:id/scopes', async (context) => {
    const id = param(context, 'id');
    const { organizationScopeIds } = parseInput(scopeIdsBody, await readJsonBody(context.req));
    await requireRole(id);
    await withConstraintErrors(() =>
      database.transaction((tx) => replaceOrganizationRoleScopes(tx, id, organizationScopeIds)),
    );
    return noContent();
  });

  api.delete('/api/organization-roles/:id/scopes/:scopeId', async (context) => {
    const id = param(context, 'id');
    await requireRole(id);
    if (!(await removeOrganizationRoleScope(database, id, param(context, 'scopeId')))) {
      throw notFound();
    }
    return noContent();
  });
}
