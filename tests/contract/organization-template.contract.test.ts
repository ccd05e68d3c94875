// The organization template: organization scopes and organization roles (reference sample 20).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  expectCreatedText,
  expectJson,
  expectLogtoError,
  expectNoContent,
  expectPaginationHeaders,
} from './support/assertions';
import { contractContext } from './support/context';
import { Fixtures } from './support/fixtures';
import { describeResponse } from './support/http';
import {
  logtoErrorSchema,
  organizationRoleSchema,
  organizationRoleWithScopesSchema,
  organizationScopeSchema,
  type OrganizationScope,
} from './support/logto-schemas';
import { contractName, randomId } from './support/random';

const { api } = contractContext();
const fixtures = new Fixtures(api);
afterAll(() => fixtures.cleanup());

const DUPLICATE = {
  code: 'entity.unique_integrity_violation',
  message: 'The entity already exists. Please check the input and try again.',
};

describe('organization scopes', () => {
  const tag = randomId(10);
  const scopes: OrganizationScope[] = [];

  beforeAll(async () => {
    for (const [suffix, description] of [
      ['read:projects', 'Read projects'],
      ['write:projects', 'Write projects'],
      ['manage:members', 'Manage members'],
    ] as const) {
      const response = await api.post('/api/organization-scopes', {
        name: `contract-${tag}-${suffix}`,
        description,
      });
      const scope = expectJson(response, 201, organizationScopeSchema);
      fixtures.deleteLater(`/api/organization-scopes/${scope.id}`);
      scopes.push(scope);
    }
  });

  it('POST creates a scope: 201 {tenantId, id, name, description}', () => {
    expect(scopes.map((scope) => scope.description)).toEqual(['Read projects', 'Write projects', 'Manage members']);
    expect(scopes[0]?.name).toBe(`contract-${tag}-read:projects`);
  });

  it('POST without a description stores null', async () => {
    const scope = expectJson(
      await api.post('/api/organization-scopes', { name: contractName('nodesc') }),
      201,
      organizationScopeSchema,
    );
    fixtures.deleteLater(`/api/organization-scopes/${scope.id}`);
    expect(scope.description).toBeNull();
  });

  it('a duplicate name: 422 entity.unique_integrity_violation', async () => {
    const response = await api.post('/api/organization-scopes', { name: scopes[0]?.name });
    expectLogtoError(response, 422, DUPLICATE);
  });

  it('GET lists with q and pagination headers', async () => {
    const query = { q: tag, page: '1', page_size: '2' };
    const response = await api.get('/api/organization-scopes', query);
    const page = expectJson(response, 200, z.array(organizationScopeSchema));
    expect(page).toHaveLength(2);
    expectPaginationHeaders(response, { path: '/api/organization-scopes', query }, { total: 3 });

    const projects = expectJson(
      await api.get('/api/organization-scopes', { q: `${tag}-` + 'write' }),
      200,
      z.array(organizationScopeSchema),
    );
    expect(projects.map((scope) => scope.id)).toEqual([scopes[1]?.id]);
  });

  it('PATCH updates the description', async () => {
    const scope = scopes[2];
    const response = await api.patch(`/api/organization-scopes/${scope?.id}`, { description: 'Manage org members' });
    expect(expectJson(response, 200, organizationScopeSchema)).toEqual({ ...scope, description: 'Manage org members' });
  });

  it('DELETE answers 204 and the scope disappears', async () => {
    const doomed = await fixtures.createOrganizationScope();
    expectNoContent(await api.delete(`/api/organization-scopes/${doomed.id}`));
    const left = expectJson(await api.get('/api/organization-scopes', { q: doomed.name }), 200, z.array(organizationScopeSchema));
    expect(left).toEqual([]);
    const again = await api.delete(`/api/organization-scopes/${doomed.id}`);
    expect(again.status, describeResponse(again)).toBe(404);
    logtoErrorSchema.parse(again.json);
  });
});

describe('organization roles', () => {
  const tag = randomId(10);
  let read: OrganizationScope;
  let write: OrganizationScope;
  let manage: OrganizationScope;

  beforeAll(async () => {
    read = await fixtures.createOrganizationScope({ name: `contract-${tag}-read`, description: 'Read' });
    write = await fixtures.createOrganizationScope({ name: `contract-${tag}-write`, description: 'Write' });
    manage = await fixtures.createOrganizationScope({ name: `contract-${tag}-manage`, description: 'Manage' });
  });

  it('POST with organizationScopeIds: 201 {tenantId, id, name, description, type: "User"}', async () => {
    const name = `contract-${tag}-admin`;
    const response = await api.post('/api/organization-roles', {
      name,
      description: 'Org admin',
      organizationScopeIds: [read.id, write.id, manage.id],
    });
    const role = expectJson(response, 201, organizationRoleSchema);
    fixtures.deleteLater(`/api/organization-roles/${role.id}`);
    expect(role).toMatchObject({ name, description: 'Org admin', type: 'User' });
    expect(role.id).toMatch(/^[a-z0-9]{21}$/);

    const roleScopes = expectJson(
      await api.get(`/api/organization-roles/${role.id}/scopes`),
      200,
      z.array(organizationScopeSchema),
    );
    expect(roleScopes.map((scope) => scope.id).sort()).toEqual([read.id, write.id, manage.id].sort());
  });

  it('POST /:id/scopes adds scopes (201 Created) and GET /:id/scopes lists full scope objects', async () => {
    const role = await fixtures.createOrganizationRole({ name: `contract-${tag}-member`, description: 'Org member' });
    expectCreatedText(await api.post(`/api/organization-roles/${role.id}/scopes`, { organizationScopeIds: [read.id] }));

    const roleScopes = expectJson(
      await api.get(`/api/organization-roles/${role.id}/scopes`),
      200,
      z.array(organizationScopeSchema),
    );
    expect(roleScopes).toEqual([read]);
  });

  it('DELETE /:id/scopes/:scopeId removes a scope (204)', async () => {
    const role = await fixtures.createOrganizationRole({ organizationScopeIds: [read.id, write.id] });
    expectNoContent(await api.delete(`/api/organization-roles/${role.id}/scopes/${write.id}`));
    const roleScopes = expectJson(
      await api.get(`/api/organization-roles/${role.id}/scopes`),
      200,
      z.array(organizationScopeSchema),
    );
    expect(roleScopes.map((scope) => scope.id)).toEqual([read.id]);
  });

  it('GET lists roles with their scopes embedded as {id, name}', async () => {
    const query = { q: tag, page: '1', page_size: '20' };
    const response = await api.get('/api/organization-roles', query);
    const roles = expectJson(response, 200, z.array(organizationRoleWithScopesSchema));
    const admin = roles.find((role) => role.name === `contract-${tag}-admin`);
    expect(admin).toBeDefined();
    expect(admin?.scopes.map((scope) => scope.name).sort()).toEqual([read.name, write.name, manage.name].sort());
    expect(admin?.scopes.find((scope) => scope.id === read.id)).toEqual({ id: read.id, name: read.name });
    expect(admin?.resourceScopes).toEqual([]);
    expectPaginationHeaders(response, { path: '/api/organization-roles', query }, { total: roles.length });
  });

  it('GET /:id returns the role', async () => {
    const role = await fixtures.createOrganizationRole({ description: 'Fetched' });
    expect(expectJson(await api.get(`/api/organization-roles/${role.id}`), 200, organizationRoleSchema)).toEqual(role);
  });

  it('a duplicate name: 422 entity.unique_integrity_violation', async () => {
    const role = await fixtures.createOrganizationRole();
    expectLogtoError(await api.post('/api/organization-roles', { name: role.name }), 422, DUPLICATE);
  });

  it('PATCH updates name and description', async () => {
    const role = await fixtures.createOrganizationRole({ description: 'Before' });
    const name = contractName('renamed');
    const patched = expectJson(
      await api.patch(`/api/organization-roles/${role.id}`, { name, description: 'After' }),
      200,
      organizationRoleSchema,
    );
    expect(patched).toEqual({ ...role, name, description: 'After' });
  });

  it('DELETE answers 204, then GET is 404', async () => {
    const role = await fixtures.createOrganizationRole();
    expectNoContent(await api.delete(`/api/organization-roles/${role.id}`));
    const response = await api.get(`/api/organization-roles/${role.id}`);
    expect(response.status, describeResponse(response)).toBe(404);
    logtoErrorSchema.parse(response.json);
  });
});
