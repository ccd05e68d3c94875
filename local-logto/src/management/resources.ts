import { z } from 'zod';

import { MANAGEMENT_API_RESOURCE_ID } from '../constants.js';
import { longId } from '../db/ids.js';
import { ApiError, created, noContent, ok, readJsonBody } from '../http/responses.js';
import { parseInput } from '../http/validation.js';
import {
  deleteResource,
  deleteScope,
  findResource,
  findScope,
  insertResource,
  insertScope,
  listResourceScopes,
  listResources,
  toApiResource,
  toApiScope,
  updateResource,
  updateScope,
} from '../store/resources.js';
import { param, query, type ManagementRouter } from './context.js';
import { emptyUpdate, notExistsWithId, withConstraintErrors } from './errors.js';
import { pageHeaders, readPage } from './pagination.js';

const createBody = z.object({
  name: z.string().min(1),
  indicator: z.string().min(1),
  accessTokenTtl: z.number().int().positive().optional(),
});
// The indicator cannot change: Logto drops it from PATCH bodies.
const updateBody = z.object({
  name: z.string().min(1).optional(),
  accessTokenTtl: z.number().int().positive().optional(),
  isDefault: z.boolean().optional(),
});
const scopeBody = z.object({ name: z.string().min(1).max(256), description: z.string().nullable().optional() });
const scopePatch = scopeBody.partial();
const listQuery = z.object({ includeScopes: z.enum(['true', 'false']).optional() });

function cannotModifyManagementApi(): ApiError {
  return new ApiError(400, 'resource.cannot_modify_management_api', 'Cannot modify Logto Management API.');
}

function checkScopeName(name: string): void {
  if (/\s/.test(name)) {
    throw new ApiError(400, 'scope.name_with_space', 'The name of the scope cannot contain any spaces.');
  }
}

/** API resources and their scopes (permissions). */
export function registerResourceRoutes(api: ManagementRouter): void {
  const { database } = api;

  const requireResource = async (id: string) => {
    const resource = await findResource(database, id);
    if (!resource) {
      throw notExistsWithId('resources', id);
    }
    return resource;
  };

  api.get('/api/resources', async (context) => {
    const { includeScopes } = parseInput(listQuery, query(context), 'query');
    const page = readPage(context.url, 'optional');
    const { resources, total } = await listResources(database, page);
    let items: Record<string, unknown>[] = resources.map(toApiResource);
    if (includeScopes === 'true') {
      const { scopes } = await listResourceScopes(
        database,
        resources.map(({ id }) => id),
      );
      items = resources.map((resource) => ({
        ...toApiResource(resource),
        scopes: scopes.filter((scope) => scope.resourceId === resource.id).map(toApiScope),
      }));
    }
    return page ? ok(items, pageHeaders(context.url, page, total)) : ok(items);
  });

  api.post('/api/resources', async ({ req }) => {
    const body = parseInput(createBody, await readJsonBody(req));
    const resource = await withConstraintErrors(
      () => insertResource(database, { id: longId(), ...body }),
      () =>
        new ApiError(
          422,
          'resource.resource_identifier_in_use',
          `The API identifier ${body.indicator} is already in use`,
        ),
    );
    return created({ ...toApiResource(resource), scopes: [] });
  });

  api.get('/api/resources/:id', async (context) => ok(toApiResource(await requireResource(param(context, 'id')))));

  api.patch('/api/resources/:id', async (context) => {
    const id = param(context, 'id');
    const patch = parseInput(updateBody, await readJsonBody(context.req));
    await requireResource(id);
    if (id === MANAGEMENT_API_RESOURCE_ID) {
      throw cannotModifyManagementApi();
    }
    if (Object.values(patch).every((value) => value === undefined)) {
      throw emptyUpdate();
    }
    const updated = await database.transaction((tx) => updateResource(tx, id, patch));
    if (!updated) {
      throw notExistsWithId('resources', id);
    }
    return ok(toApiResource(updated));
  });

  api.delete('/api/resources/:id', async (context) => {
    const id = param(context, 'id');
    await requireResource(id);
    if (id === MANAGEMENT_API_RESOURCE_ID) {
      throw cannotModifyManagementApi();
    }
    await deleteResource(database, id);
    return noContent();
  });

  // Scopes ----------------------------------------------------------------------------

  api.get('/api/resources/:id/scopes', async (context) => {
    const id = param(context, 'id');
    const page = readPage(context.url, 'always');
    await requireResource(id);
    const { scopes, total } = await listResourceScopes(database, [id], page);
    return ok(scopes.map(toApiScope), pageHeaders(context.url, page, total));
  });

  api.post('/api/resources/:id/scopes', async (context) => {
    const id = param(context, 'id');
    const body = parseInput(scopeBody, await readJsonBody(context.req));
    await requireResource(id);
    if (id === MANAGEMENT_API_RESOURCE_ID) {
      throw cannotModifyManagementApi();
    }
    checkScopeName(body.name);
    const scope = await withConstraintErrors(
      () => insertScope(database, { id: longId(), resourceId: id, ...body }),
      () => new ApiError(422, 'scope.name_exists', `The scope name ${body.name} is already in use`),
    );
    return created(toApiScope(scope));
  });

  api.patch('/api/resources/:id/scopes/:scopeId', async (context) => {
    const id = param(context, 'id');
    const scopeId = param(context, 'scopeId');
    const patch = parseInput(scopePatch, await readJsonBody(context.req));
    await requireResource(id);
    if (id === MANAGEMENT_API_RESOURCE_ID) {
      throw cannotModifyManagementApi();
    }
    const scope = await findScope(database, scopeId);
    if (scope?.resourceId !== id) {
      throw notExistsWithId('scopes', scopeId);
    }
    if (patch.name !== undefined) {
      checkScopeName(patch.name);
    }
    if (patch.name === undefined && patch.description === undefined) {
      throw emptyUpdate();
    }
    const updated = await withConstraintErrors(
      () => updateScope(database, scopeId, patch),
      () => new ApiError(422, 'scope.name_exists', `The scope name ${patch.name ?? ''} is already in use`),
    );
    if (!updated) {
      throw notExistsWithId('scopes', scopeId);
    }
    return ok(toApiScope(updated));
  });

  api.delete('/api/resources/:id/scopes/:scopeId', async (context) => {
    const id = param(context, 'id');
    const scopeId = param(context, 'scopeId');
    await requireResource(id);
    if (id === MANAGEMENT_API_RESOURCE_ID) {
      throw cannotModifyManagementApi();
    }
    const scope = await findScope(database, scopeId);
    if (scope?.resourceId !== id) {
      throw notExistsWithId('scopes', scopeId);
    }
    await deleteScope(database, scopeId);
    return noContent();
  });
}
