// API resources, their scopes, global roles, default roles and user roles
// (reference samples 86, 87, 88, 95).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  expectJson,
  expectLogtoError,
  expectNoContent,
  expectPaginationHeaders,
  totalNumber,
} from './support/assertions';
import { contractContext } from './support/context';
import { Fixtures } from './support/fixtures';
import { describeResponse } from './support/http';
import {
  resourceSchema,
  resourceScopeSchema,
  resourceWithScopesSchema,
  roleSchema,
  roleWithCountsSchema,
  scopeWithResourceSchema,
  userRoleAssignmentSchema,
  userSchema,
  type Resource,
  type ResourceScope,
  type Role,
} from './support/logto-schemas';
import { contractName, contractUsername, randomId, strongPassword } from './support/random';
import { registerWithPassword } from './support/sign-in';

const { target, api, webApp } = contractContext();
const fixtures = new Fixtures(api);
afterAll(() => fixtures.cleanup());

describe('API resources', () => {
  let resource: z.infer<typeof resourceWithScopesSchema>;

  beforeAll(async () => {
    resource = await fixtures.createResource();
  });

  it('POST creates a resource: 201 with the default TTL and scopes []', async () => {
    const name = contractName('api');
    const indicator = `https://${name}.example.test`;
    const response = await api.post('/api/resources', { name, indicator });
    const created = expectJson(response, 201, resourceWithScopesSchema);
    fixtures.deleteLater(`/api/resources/${created.id}`);
    expect(created).toMatchObject({ name, indicator, isDefault: false, accessTokenTtl: 3600, scopes: [] });
  });

  it('POST with accessTokenTtl keeps it', async () => {
    const created = await fixtures.createResource({ accessTokenTtl: 600 });
    expect(created.accessTokenTtl).toBe(600);
  });

  it('a duplicate indicator: 422 resource.resource_identifier_in_use', async () => {
    const response = await api.post('/api/resources', { name: 'dup', indicator: resource.indicator });
    expectLogtoError(response, 422, {
      code: 'resource.resource_identifier_in_use',
      message: `The API identifier ${resource.indicator} is already in use`,
    });
  });

  it('GET /:id returns the resource', async () => {
    const response = await api.get(`/api/resources/${resource.id}`);
    const fetched = expectJson(response, 200, resourceSchema);
    const { scopes: _scopes, ...withoutScopes } = resource;
    expect(fetched).toMatchObject(withoutScopes);
  });

  it('GET lists resources, including the Management API', async () => {
    const response = await api.get('/api/resources');
    const resources = expectJson(response, 200, z.array(resourceSchema));
    expect(resources.map((item) => item.indicator)).toEqual(
      expect.arrayContaining([target.managementApiResource, resource.indicator]),
    );
  });

  it('GET with page/page_size answers pagination headers; includeScopes embeds the scopes', async () => {
    const query = { page: '1', page_size: '1' };
    const response = await api.get('/api/resources', query);
    expect(expectJson(response, 200, z.array(resourceSchema))).toHaveLength(1);
    const total = totalNumber(response);
    expect(total).toBeGreaterThanOrEqual(2);
    expectPaginationHeaders(response, { path: '/api/resources', query }, { total });

    const withScopes = expectJson(
      await api.get('/api/resources', { page: 1, page_size: 100, includeScopes: 'true' }),
      200,
      z.array(resourceWithScopesSchema),
    );
    const management = withScopes.find((item) => item.indicator === target.managementApiResource);
    expect(management?.scopes.map((scope) => scope.name)).toContain('all');
  });

  it('PATCH accessTokenTtl: 200', async () => {
    const response = await api.patch(`/api/resources/${resource.id}`, { accessTokenTtl: 7200 });
    expect(expectJson(response, 200, resourceSchema)).toMatchObject({ id: resource.id, accessTokenTtl: 7200 });
  });

  it('the indicator cannot be changed: 422 entity.invalid_input, unchanged', async () => {
    const response = await api.patch(`/api/resources/${resource.id}`, { indicator: 'https://changed.example' });
    expectLogtoError(response, 422, {
      code: 'entity.invalid_input',
      message: 'Invalid input. Value list must not be empty.',
    });
    const fetched = expectJson(await api.get(`/api/resources/${resource.id}`), 200, resourceSchema);
    expect(fetched.indicator).toBe(resource.indicator);
  });

  it('DELETE answers 204; then GET and DELETE are 404 entity.not_exists_with_id', async () => {
    const doomed = await fixtures.createResource();
    expectNoContent(await api.delete(`/api/resources/${doomed.id}`));
    const notFound = {
      code: 'entity.not_exists_with_id',
      message: `The resources with ID \`${doomed.id}\` does not exist.`,
    };
    expectLogtoError(await api.get(`/api/resources/${doomed.id}`), 404, notFound);
    expectLogtoError(await api.delete(`/api/resources/${doomed.id}`), 404, notFound);
  });

  describe('resource scopes', () => {
    let scope: ResourceScope;

    it('POST creates a scope: 201', async () => {
      const name = `contract-${randomId(6)}:create`;
      const response = await api.post(`/api/resources/${resource.id}/scopes`, {
        name,
        description: 'Create things',
      });
      scope = expectJson(response, 201, resourceScopeSchema);
      expect(scope).toMatchObject({ resourceId: resource.id, name, description: 'Create things' });
    });

    it('POST without a description stores null', async () => {
      const created = await fixtures.createResourceScope(resource.id);
      expect(created.description).toBeNull();
    });

    it('a duplicate name: 422 scope.name_exists', async () => {
      const response = await api.post(`/api/resources/${resource.id}/scopes`, { name: scope.name, description: 'dup' });
      expectLogtoError(response, 422, {
        code: 'scope.name_exists',
        message: `The scope name ${scope.name} is already in use`,
      });
    });

    it('a name with a space: 400 scope.name_with_space', async () => {
      const response = await api.post(`/api/resources/${resource.id}/scopes`, { name: 'has space', description: 'x' });
      expectLogtoError(response, 400, {
        code: 'scope.name_with_space',
        message: 'The name of the scope cannot contain any spaces.',
      });
    });

    it('GET lists the scopes with pagination headers', async () => {
      const path = `/api/resources/${resource.id}/scopes`;
      const response = await api.get(path);
      const scopes = expectJson(response, 200, z.array(resourceScopeSchema));
      expect(scopes.map((item) => item.id)).toContain(scope.id);
      expectPaginationHeaders(response, { path }, { total: scopes.length });
    });

    it('PATCH updates the description', async () => {
      const response = await api.patch(`/api/resources/${resource.id}/scopes/${scope.id}`, { description: 'Changed' });
      expect(expectJson(response, 200, resourceScopeSchema)).toEqual({ ...scope, description: 'Changed' });
    });

    it('DELETE removes a scope (204)', async () => {
      const doomed = await fixtures.createResourceScope(resource.id);
      expectNoContent(await api.delete(`/api/resources/${resource.id}/scopes/${doomed.id}`));
      const scopes = expectJson(
        await api.get(`/api/resources/${resource.id}/scopes`),
        200,
        z.array(resourceScopeSchema),
      );
      expect(scopes.map((item) => item.id)).not.toContain(doomed.id);
    });

    it('the Management API resource cannot get scopes: 400 resource.cannot_modify_management_api', async () => {
      const resources = expectJson(await api.get('/api/resources'), 200, z.array(resourceSchema));
      const management = resources.find((item) => item.indicator === target.managementApiResource);
      expect(management).toBeDefined();
      const response = await api.post(`/api/resources/${management?.id}/scopes`, { name: 'x:y', description: 'x' });
      expectLogtoError(response, 400, {
        code: 'resource.cannot_modify_management_api',
        message: 'Cannot modify Logto Management API.',
      });
    });
  });
});

describe('global roles', () => {
  let resource: Resource;
  let scope: ResourceScope;
  let role: Role;
  const tag = randomId(8);

  beforeAll(async () => {
    resource = await fixtures.createResource();
    scope = await fixtures.createResourceScope(resource.id, { name: `contract-${tag}:create`, description: 'Create' });
  });

  it('POST creates a User role with scopes: 200', async () => {
    const name = `contract-${tag}-user`;
    const response = await api.post('/api/roles', {
      name,
      description: 'Contract role',
      type: 'User',
      scopeIds: [scope.id],
      isDefault: false,
    });
    role = expectJson(response, 200, roleSchema);
    fixtures.deleteLater(`/api/roles/${role.id}`);
    expect(role).toMatchObject({ name, description: 'Contract role', type: 'User', isDefault: false });
  });

  it('GET lists roles with counts; search and type filter; pagination headers', async () => {
    const query = { search: `%${tag}%` };
    const response = await api.get('/api/roles', query);
    const roles = expectJson(response, 200, z.array(roleWithCountsSchema));
    expect(roles).toEqual([
      { ...role, usersCount: 0, featuredUsers: [], applicationsCount: 0, featuredApplications: [] },
    ]);
    expectPaginationHeaders(response, { path: '/api/roles', query }, { total: 1 });

    const users = expectJson(await api.get('/api/roles', { type: 'User', search: `%${tag}%` }), 200, z.array(roleWithCountsSchema));
    expect(users.map((item) => item.id)).toEqual([role.id]);
    const machines = expectJson(
      await api.get('/api/roles', { type: 'MachineToMachine', search: `%${tag}%` }),
      200,
      z.array(roleWithCountsSchema),
    );
    expect(machines).toEqual([]);
  });

  it('type=Bogus: 400 guard.invalid_input', async () => {
    expectLogtoError(await api.get('/api/roles', { type: 'Bogus' }), 400, {
      code: 'guard.invalid_input',
      message: 'The request query is invalid.',
    });
  });

  it('GET /:id returns the role', async () => {
    expect(expectJson(await api.get(`/api/roles/${role.id}`), 200, roleSchema)).toEqual(role);
  });

  it('PATCH isDefault: 200', async () => {
    const patched = expectJson(await api.patch(`/api/roles/${role.id}`, { isDefault: true }), 200, roleSchema);
    expect(patched).toEqual({ ...role, isDefault: true });
    const restored = expectJson(await api.patch(`/api/roles/${role.id}`, { isDefault: false }), 200, roleSchema);
    expect(restored).toEqual(role);
  });

  it('PATCH type is not allowed: 422 entity.invalid_input', async () => {
    expectLogtoError(await api.patch(`/api/roles/${role.id}`, { type: 'MachineToMachine' }), 422, {
      code: 'entity.invalid_input',
      message: 'Invalid input. Value list must not be empty.',
    });
  });

  it('a duplicate name: 422 role.name_in_use; the same name in another case is a different role', async () => {
    expectLogtoError(await api.post('/api/roles', { name: role.name, description: 'dup', type: 'User' }), 422, {
      code: 'role.name_in_use',
      message: `This role name ${role.name} is already in use`,
    });
    const upper = expectJson(
      await api.post('/api/roles', { name: role.name.toUpperCase(), description: 'dup upper' }),
      200,
      roleSchema,
    );
    fixtures.deleteLater(`/api/roles/${upper.id}`);
    expect(upper).toMatchObject({ name: role.name.toUpperCase(), type: 'User', isDefault: false });
  });

  it('without a description: 400 guard.invalid_input', async () => {
    expectLogtoError(await api.post('/api/roles', { name: contractName('nodesc') }), 400, {
      code: 'guard.invalid_input',
      message: 'The request body is invalid.',
    });
  });

  it('GET /:id/scopes lists the scopes with their resource', async () => {
    const response = await api.get(`/api/roles/${role.id}/scopes`);
    const scopes = expectJson(response, 200, z.array(scopeWithResourceSchema));
    expect(scopes).toHaveLength(1);
    expect(scopes[0]).toMatchObject({ ...scope, resource: { id: resource.id, indicator: resource.indicator } });
  });

  it('DELETE /:id/scopes/:scopeId: 204, then 404 entity.not_found', async () => {
    expectNoContent(await api.delete(`/api/roles/${role.id}/scopes/${scope.id}`));
    expect(expectJson(await api.get(`/api/roles/${role.id}/scopes`), 200, z.array(scopeWithResourceSchema))).toEqual([]);
    expectLogtoError(await api.delete(`/api/roles/${role.id}/scopes/${scope.id}`), 404, {
      code: 'entity.not_found',
      message: 'The resource does not exist.',
    });
  });

  it('POST /:id/scopes: 201 with the scopes; again 422 role.scope_exists; unknown 404', async () => {
    const response = await api.post(`/api/roles/${role.id}/scopes`, { scopeIds: [scope.id] });
    expect(expectJson(response, 201, z.array(resourceScopeSchema))).toEqual([scope]);

    expectLogtoError(await api.post(`/api/roles/${role.id}/scopes`, { scopeIds: [scope.id] }), 422, {
      code: 'role.scope_exists',
      message: `The scope id ${scope.id} has already been added to this role`,
    });

    const missing = `contractmissing${randomId(6)}`;
    expectLogtoError(await api.post(`/api/roles/${role.id}/scopes`, { scopeIds: [missing] }), 404, {
      code: 'entity.not_exists_with_id',
      message: `The scopes with ID \`${missing}\` does not exist.`,
    });
  });

  it('DELETE /:id: 204', async () => {
    const doomed = await fixtures.createRole();
    expectNoContent(await api.delete(`/api/roles/${doomed.id}`));
    const response = await api.get(`/api/roles/${doomed.id}`);
    expect(response.status, describeResponse(response)).toBe(404);
  });
});

describe('default roles and user roles', () => {
  let defaultRole: Role;
  let m2mRole: Role;
  let existingUserId: string;

  beforeAll(async () => {
    // Created before the default role exists: must not receive it.
    existingUserId = (await fixtures.createUser()).id;
    defaultRole = await fixtures.createRole({ isDefault: true });
    m2mRole = await fixtures.createRole({ type: 'MachineToMachine' });
  });

  afterAll(async () => {
    // Stop handing the role to other users as soon as this block is done.
    await api.patch(`/api/roles/${defaultRole.id}`, { isDefault: false });
  });

  const rolesOf = async (userId: string) => {
    const response = await api.get(`/api/users/${userId}/roles`);
    const roles = expectJson(response, 200, z.array(roleSchema));
    expectPaginationHeaders(response, { path: `/api/users/${userId}/roles` }, { total: roles.length });
    return roles;
  };

  it('a user created through the Management API afterwards gets the default role', async () => {
    const user = await fixtures.createUser();
    expect((await rolesOf(user.id)).map((item) => item.id)).toContain(defaultRole.id);
  });

  it('an existing user does not get it', async () => {
    expect((await rolesOf(existingUserId)).map((item) => item.id)).not.toContain(defaultRole.id);
  });

  it('a self-registered user gets it too', async () => {
    const username = contractUsername();
    await registerWithPassword({
      ...webApp,
      identifier: { type: 'username', value: username },
      password: strongPassword(),
    });
    const userId = await fixtures.findUserIdByUsername(username);
    fixtures.deleteLater(`/api/users/${userId}`);
    expect((await rolesOf(userId)).map((item) => item.id)).toContain(defaultRole.id);
  });

  it('GET /api/roles/:id/users lists the holders', async () => {
    const user = await fixtures.createUser();
    const response = await api.get(`/api/roles/${defaultRole.id}/users`);
    const users = expectJson(response, 200, z.array(userSchema));
    expect(users.map((item) => item.id)).toContain(user.id);
    expect(totalNumber(response)).toBeGreaterThanOrEqual(1);
  });

  it('DELETE /api/users/:id/roles/:roleId: 204, then 404 entity.not_found', async () => {
    const user = await fixtures.createUser();
    expectNoContent(await api.delete(`/api/users/${user.id}/roles/${defaultRole.id}`));
    expect((await rolesOf(user.id)).map((item) => item.id)).not.toContain(defaultRole.id);
    expectLogtoError(await api.delete(`/api/users/${user.id}/roles/${defaultRole.id}`), 404, {
      code: 'entity.not_found',
      message: 'The resource does not exist.',
    });
  });

  it('POST /api/users/:id/roles: 201 {roleIds, addedRoleIds}, idempotent', async () => {
    const user = await fixtures.createUser();
    await api.delete(`/api/users/${user.id}/roles/${defaultRole.id}`);

    const first = await api.post(`/api/users/${user.id}/roles`, { roleIds: [defaultRole.id] });
    expect(expectJson(first, 201, userRoleAssignmentSchema)).toEqual({
      roleIds: [defaultRole.id],
      addedRoleIds: [defaultRole.id],
    });
    const again = await api.post(`/api/users/${user.id}/roles`, { roleIds: [defaultRole.id] });
    expect(expectJson(again, 201, userRoleAssignmentSchema)).toEqual({ roleIds: [defaultRole.id], addedRoleIds: [] });
    // Other default roles of the tenant may be there too; this one is there exactly once.
    const held = (await rolesOf(user.id)).filter((item) => item.id === defaultRole.id);
    expect(held).toHaveLength(1);
  });

  it('POST /api/users/:id/roles with an unknown role: 404; with an M2M role: 422', async () => {
    const user = await fixtures.createUser();
    const missing = `contractmissing${randomId(6)}`;
    expectLogtoError(await api.post(`/api/users/${user.id}/roles`, { roleIds: [missing] }), 404, {
      code: 'entity.not_exists_with_id',
      message: `The roles with ID \`${missing}\` does not exist.`,
    });
    expectLogtoError(await api.post(`/api/users/${user.id}/roles`, { roleIds: [m2mRole.id] }), 422, {
      code: 'user.invalid_role_type',
      message: 'Invalid role type, can not assign machine-to-machine role to user.',
    });
  });

  it('PUT /api/users/:id/roles replaces: 200 {roleIds}', async () => {
    const user = await fixtures.createUser();
    const other = await fixtures.createRole();
    const response = await api.put(`/api/users/${user.id}/roles`, { roleIds: [other.id] });
    expect(expectJson(response, 200, z.object({ roleIds: z.array(z.string()) }))).toEqual({ roleIds: [other.id] });
    expect((await rolesOf(user.id)).map((item) => item.id)).toEqual([other.id]);
  });
});
