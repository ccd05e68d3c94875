// Organization members and their organization roles (reference samples 40, 60, 78, 83).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  expectCreatedText,
  expectJson,
  expectLogtoError,
  expectNoContent,
  expectNoSecretFields,
  expectPaginationHeaders,
} from './support/assertions';
import { contractContext } from './support/context';
import { Fixtures, type OrganizationTemplateFixture, type TestUser } from './support/fixtures';
import { describeResponse } from './support/http';
import {
  memberSchema,
  organizationRoleSchema,
  organizationScopeSchema,
  organizationWithRolesSchema,
  type Organization,
} from './support/logto-schemas';
import { contractEmail, contractUsername, missingId, overlongId, randomId } from './support/random';

const { api } = contractContext();
const fixtures = new Fixtures(api);
afterAll(() => fixtures.cleanup());

const memberList = z.array(memberSchema);
const roleList = z.array(organizationRoleSchema);

const REQUIRE_MEMBERSHIP = {
  code: 'organization.require_membership',
  message: 'The user must be a member of the organization to proceed.',
};

let template: OrganizationTemplateFixture;

beforeAll(async () => {
  template = await fixtures.createOrganizationTemplate();
});

async function rolesOf(organizationId: string, userId: string): Promise<string[]> {
  const response = await api.get(`/api/organizations/${organizationId}/users/${userId}/roles`);
  return expectJson(response, 200, roleList)
    .map((role) => role.name)
    .sort();
}

describe('organization members', () => {
  let organization: Organization;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    organization = await fixtures.createOrganization();
    const tag = randomId(6);
    alice = await fixtures.createUser({
      username: `contract_alice_${tag}`,
      primaryEmail: `contract-alice-${tag}@example.com`,
      name: 'Alice Test',
    });
    bob = await fixtures.createUser({ username: `contract_bob_${tag}`, primaryEmail: null, name: 'Bob Test' });
  });

  it('POST /users adds members: 201 with the text body "Created"', async () => {
    expectCreatedText(await api.post(`/api/organizations/${organization.id}/users`, { userIds: [alice.id, bob.id] }));
  });

  it('POST /users is idempotent for existing members', async () => {
    expectCreatedText(await api.post(`/api/organizations/${organization.id}/users`, { userIds: [alice.id] }));
    const members = expectJson(await api.get(`/api/organizations/${organization.id}/users`), 200, memberList);
    expect(members).toHaveLength(2);
  });

  it('POST /users with an unknown user: 422 entity.relation_foreign_key_not_found', async () => {
    const response = await api.post(`/api/organizations/${organization.id}/users`, {
      userIds: [missingId()],
    });
    expectLogtoError(response, 422, {
      code: 'entity.relation_foreign_key_not_found',
      message:
        'Cannot find one or more foreign keys. Please check the input and ensure that all referenced entities exist.',
    });
  });

  it('POST /users with a user id longer than 21 characters: 422 entity.value_too_long, nobody added', async () => {
    const response = await api.post(`/api/organizations/${organization.id}/users`, { userIds: [alice.id, overlongId()] });
    expectLogtoError(response, 422, {
      code: 'entity.value_too_long',
      message: 'The length of value is too long and exceeds the limit.',
    });
    const members = expectJson(await api.get(`/api/organizations/${organization.id}/users`), 200, memberList);
    expect(members).toHaveLength(2);
  });

  it('POST /users with an empty list: 400 guard.invalid_input', async () => {
    expectLogtoError(await api.post(`/api/organizations/${organization.id}/users`, { userIds: [] }), 400, {
      code: 'guard.invalid_input',
      message: 'The request body is invalid.',
    });
  });

  it('GET /users lists members with organizationRoles, Total-Number and Link', async () => {
    const response = await api.get(`/api/organizations/${organization.id}/users`);
    const members = expectJson(response, 200, memberList);
    expectNoSecretFields(response.json);
    expect(members.map((member) => member.id).sort()).toEqual([alice.id, bob.id].sort());
    const aliceMember = members.find((member) => member.id === alice.id);
    expect(aliceMember).toMatchObject({
      username: alice.username,
      primaryEmail: alice.primaryEmail,
      name: 'Alice Test',
      organizationRoles: [],
      isSuspended: false,
    });
    expectPaginationHeaders(response, { path: `/api/organizations/${organization.id}/users` }, { total: 2 });
  });

  it('GET /users paginates; past the end is 200 []', async () => {
    const path = `/api/organizations/${organization.id}/users`;
    const seen: string[] = [];
    for (const page of ['1', '2']) {
      const query = { page, page_size: '1' };
      const response = await api.get(path, query);
      const members = expectJson(response, 200, memberList);
      expect(members).toHaveLength(1);
      seen.push(...members.map((member) => member.id));
      expectPaginationHeaders(response, { path, query }, { total: 2 });
    }
    expect(seen.sort()).toEqual([alice.id, bob.id].sort());

    const past = { page: '3', page_size: '1' };
    const pastResponse = await api.get(path, past);
    expect(expectJson(pastResponse, 200, memberList)).toEqual([]);
    expectPaginationHeaders(pastResponse, { path, query: past }, { total: 2 });
  });

  it('GET /users with page_size=0: 400 guard.invalid_pagination', async () => {
    expectLogtoError(await api.get(`/api/organizations/${organization.id}/users`, { page_size: 0 }), 400, {
      code: 'guard.invalid_pagination',
      message: 'The request pagination value is invalid.',
    });
  });

  it.each([
    ['a username substring', () => alice.username.slice('contract_'.length, 'contract_'.length + 8), () => [alice.id]],
    ['in another case', () => alice.username.slice(9).toUpperCase(), () => [alice.id]],
    ['the e-mail', () => alice.primaryEmail ?? '', () => [alice.id]],
    ['the name', () => 'Bob Test', () => [bob.id]],
    ['an id prefix', () => bob.id.slice(0, 8), () => [bob.id]],
    ['nothing', () => `nomatch${randomId(8)}`, () => []],
  ])('GET /users?q= matches %s', async (_label, q, expected) => {
    const path = `/api/organizations/${organization.id}/users`;
    const query = { q: q() };
    const response = await api.get(path, query);
    const members = expectJson(response, 200, memberList);
    expect(members.map((member) => member.id)).toEqual(expected());
    expectPaginationHeaders(response, { path, query }, { total: expected().length });
  });

  it('GET /api/users/:id/organizations lists the organizations with organizationRoles (not paginated)', async () => {
    const other = await fixtures.createOrganization();
    await fixtures.addMembers(other.id, [alice.id]);
    const response = await api.get(`/api/users/${alice.id}/organizations`);
    const organizations = expectJson(response, 200, z.array(organizationWithRolesSchema));
    expect(response.headers.get('total-number')).toBeNull();
    expect(organizations.map((item) => item.id).sort()).toEqual([organization.id, other.id].sort());
    expect(organizations.find((item) => item.id === other.id)).toEqual({ ...other, organizationRoles: [] });
  });

  it('DELETE /users/:userId removes a member (204); a non-member is 404 entity.not_found', async () => {
    const extra = await fixtures.createUser();
    await fixtures.addMembers(organization.id, [extra.id]);
    expectNoContent(await api.delete(`/api/organizations/${organization.id}/users/${extra.id}`));
    expectLogtoError(await api.delete(`/api/organizations/${organization.id}/users/${extra.id}`), 404, {
      code: 'entity.not_found',
      message: 'The resource does not exist.',
    });
    const organizations = expectJson(
      await api.get(`/api/users/${extra.id}/organizations`),
      200,
      z.array(organizationWithRolesSchema),
    );
    expect(organizations).toEqual([]);
  });

  it('PUT /users replaces the member list (204)', async () => {
    const team = await fixtures.createOrganization();
    await fixtures.addMembers(team.id, [alice.id]);
    expectNoContent(await api.put(`/api/organizations/${team.id}/users`, { userIds: [bob.id] }));
    const members = expectJson(await api.get(`/api/organizations/${team.id}/users`), 200, memberList);
    expect(members.map((member) => member.id)).toEqual([bob.id]);
  });
});

describe('organization roles of members (by id)', () => {
  let organization: Organization;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    organization = await fixtures.createOrganization();
    alice = await fixtures.createUser();
    bob = await fixtures.createUser();
    await fixtures.addMembers(organization.id, [alice.id, bob.id]);
  });

  it('POST /users/roles assigns roles in bulk: 201 Created', async () => {
    expectCreatedText(
      await api.post(`/api/organizations/${organization.id}/users/roles`, {
        userIds: [alice.id],
        organizationRoleIds: [template.roles.admin.id],
      }),
    );
    expectCreatedText(
      await api.post(`/api/organizations/${organization.id}/users/roles`, {
        userIds: [bob.id],
        organizationRoleIds: [template.roles.member.id],
      }),
    );
  });

  it('GET /users/:userId/roles returns full organization role objects', async () => {
    const response = await api.get(`/api/organizations/${organization.id}/users/${alice.id}/roles`);
    expect(expectJson(response, 200, roleList)).toEqual([template.roles.admin]);
  });

  it('GET /users/:userId/scopes returns the effective organization scopes', async () => {
    const response = await api.get(`/api/organizations/${organization.id}/users/${alice.id}/scopes`);
    const scopes = expectJson(response, 200, z.array(organizationScopeSchema));
    const { read, write, manage } = template.scopes;
    expect(scopes.map((scope) => scope.id).sort()).toEqual([read.id, write.id, manage.id].sort());
    expect(scopes.find((scope) => scope.id === read.id)).toEqual(read);

    const bobScopes = expectJson(
      await api.get(`/api/organizations/${organization.id}/users/${bob.id}/scopes`),
      200,
      z.array(organizationScopeSchema),
    );
    expect(bobScopes).toEqual([read]);
  });

  it('the member list embeds organizationRoles as {id, name}', async () => {
    const members = expectJson(await api.get(`/api/organizations/${organization.id}/users`), 200, memberList);
    const byId = new Map(members.map((member) => [member.id, member.organizationRoles]));
    expect(byId.get(alice.id)).toEqual([{ id: template.roles.admin.id, name: template.roles.admin.name }]);
    expect(byId.get(bob.id)).toEqual([{ id: template.roles.member.id, name: template.roles.member.name }]);
  });

  it('GET /users?organizationRoleId= is not a filter: Logto 1.37 ignores it and lists every member', async () => {
    const path = `/api/organizations/${organization.id}/users`;
    const query = { organizationRoleId: template.roles.member.id };
    const response = await api.get(path, query);
    const members = expectJson(response, 200, memberList);
    expect(members.map((member) => member.id).sort()).toEqual([alice.id, bob.id].sort());
    expectPaginationHeaders(response, { path, query }, { total: 2 });
  });

  it('PUT /users/:userId/roles replaces the roles (204)', async () => {
    expectNoContent(
      await api.put(`/api/organizations/${organization.id}/users/${bob.id}/roles`, {
        organizationRoleIds: [template.roles.admin.id],
      }),
    );
    expect(await rolesOf(organization.id, bob.id)).toEqual([template.roles.admin.name]);
  });

  it('GET /api/users/:id/organizations embeds the roles', async () => {
    const organizations = expectJson(
      await api.get(`/api/users/${alice.id}/organizations`),
      200,
      z.array(organizationWithRolesSchema),
    );
    expect(organizations.find((item) => item.id === organization.id)?.organizationRoles).toEqual([
      { id: template.roles.admin.id, name: template.roles.admin.name },
    ]);
  });

  it('roles of a non-member: 422 organization.require_membership', async () => {
    const outsider = await fixtures.createUser();
    expectLogtoError(
      await api.get(`/api/organizations/${organization.id}/users/${outsider.id}/roles`),
      422,
      REQUIRE_MEMBERSHIP,
    );
  });
});

describe('organization roles of members (by name)', () => {
  let organization: Organization;
  let user: TestUser;
  let path: string;

  beforeAll(async () => {
    organization = await fixtures.createOrganization();
    user = await fixtures.createUser({ username: contractUsername(), primaryEmail: contractEmail() });
    path = `/api/organizations/${organization.id}/users/${user.id}/roles`;
  });

  it('PUT for a user who is not a member: 422 organization.require_membership', async () => {
    expectLogtoError(await api.put(path, { organizationRoleNames: [template.roles.member.name] }), 422, REQUIRE_MEMBERSHIP);
  });

  it('PUT by name replaces (204)', async () => {
    await fixtures.addMembers(organization.id, [user.id]);
    expectNoContent(await api.put(path, { organizationRoleNames: [template.roles.member.name] }));
    expect(await rolesOf(organization.id, user.id)).toEqual([template.roles.member.name]);
  });

  it('POST by name adds (201), and is repeatable', async () => {
    expectCreatedText(await api.post(path, { organizationRoleNames: [template.roles.admin.name] }));
    expect(await rolesOf(organization.id, user.id)).toEqual(
      [template.roles.admin.name, template.roles.member.name].sort(),
    );
    expectCreatedText(await api.post(path, { organizationRoleNames: [template.roles.admin.name] }));
    expect(await rolesOf(organization.id, user.id)).toEqual(
      [template.roles.admin.name, template.roles.member.name].sort(),
    );
  });

  it('PUT with the same role by name and by id keeps one role', async () => {
    expectNoContent(
      await api.put(path, {
        organizationRoleNames: [template.roles.admin.name],
        organizationRoleIds: [template.roles.admin.id],
      }),
    );
    expect(await rolesOf(organization.id, user.id)).toEqual([template.roles.admin.name]);
  });

  it('PUT with an unknown name: 422 organization.role_names_not_found, nothing changed', async () => {
    const ghost = `contract-ghost-${randomId(6)}`;
    expectLogtoError(await api.put(path, { organizationRoleNames: [ghost] }), 422, {
      code: 'organization.role_names_not_found',
      message: `Invalid role names detected: ${ghost}. Please create these roles first before proceeding.`,
    });
    expect(await rolesOf(organization.id, user.id)).toEqual([template.roles.admin.name]);
  });

  it('POST with one known and two unknown names: 422 listing both, nothing changed', async () => {
    const first = `contract-ghost-${randomId(6)}`;
    const second = `contract-ghost-${randomId(6)}`;
    const response = await api.post(path, { organizationRoleNames: [template.roles.member.name, first, second] });
    expectLogtoError(response, 422, {
      code: 'organization.role_names_not_found',
      message: `Invalid role names detected: ${first} and ${second}. Please create these roles first before proceeding.`,
    });
    expect(await rolesOf(organization.id, user.id)).toEqual([template.roles.admin.name]);
  });

  it('PUT [] clears the roles', async () => {
    expectNoContent(await api.put(path, { organizationRoleNames: [] }));
    expect(await rolesOf(organization.id, user.id)).toEqual([]);
  });

  it('PUT [""]: 400 guard.invalid_input', async () => {
    const response = await api.put(path, { organizationRoleNames: [''] });
    expectLogtoError(response, 400, { code: 'guard.invalid_input', message: 'The request body is invalid.' });
    expect(await rolesOf(organization.id, user.id)).toEqual([]);
  });

  it('DELETE /users/:userId/roles/:roleId removes one role (204)', async () => {
    expectNoContent(await api.put(path, { organizationRoleIds: [template.roles.admin.id, template.roles.member.id] }));
    const response = await api.delete(`${path}/${template.roles.admin.id}`);
    expect(response.status, describeResponse(response)).toBe(204);
    expect(await rolesOf(organization.id, user.id)).toEqual([template.roles.member.name]);
  });
});
