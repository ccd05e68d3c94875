// Test fixtures created through the Management API with unique `contract-<random>` names and
// deleted again afterwards (in reverse order), so the suite can run against a shared tenant.
import { z } from 'zod';

import { describeResponse, type HttpResponse } from './http';
import {
  organizationRoleSchema,
  organizationSchema,
  organizationScopeSchema,
  resourceScopeSchema,
  resourceWithScopesSchema,
  roleSchema,
  userSchema,
  type Organization,
  type OrganizationRole,
  type OrganizationScope,
  type ResourceScope,
  type Role,
  type User,
} from './logto-schemas';
import type { ManagementApi } from './management-api';
import { contractEmail, contractName, contractUsername, strongPassword } from './random';

export interface TestUser {
  user: User;
  id: string;
  username: string;
  password: string;
  primaryEmail: string | null;
}

export interface OrganizationTemplateFixture {
  /** Three organization scopes: read, write, manage. */
  scopes: { read: OrganizationScope; write: OrganizationScope; manage: OrganizationScope };
  /** `admin` holds all three scopes, `member` only `read`. */
  roles: { admin: OrganizationRole; member: OrganizationRole };
}

export class Fixtures {
  readonly #cleanups: Array<{ label: string; run: () => Promise<HttpResponse> }> = [];

  constructor(readonly api: ManagementApi) {}

  /** Registers a DELETE to run at cleanup (404 is fine: the test may have deleted it). */
  deleteLater(path: string): void {
    this.#cleanups.push({ label: `DELETE ${path}`, run: () => this.api.delete(path) });
  }

  async cleanup(): Promise<void> {
    const failures: string[] = [];
    for (const cleanup of this.#cleanups.reverse()) {
      try {
        const response = await cleanup.run();
        if (response.status >= 300 && response.status !== 404) {
          failures.push(`${cleanup.label}: ${response.status}`);
        }
      } catch (error) {
        failures.push(`${cleanup.label}: ${String(error)}`);
      }
    }
    this.#cleanups.length = 0;
    if (failures.length > 0) {
      console.warn(`[contract] cleanup left fixtures behind:\n${failures.join('\n')}`);
    }
  }

  async createUser(
    input: { username?: string; password?: string; primaryEmail?: string | null; name?: string | null } = {},
  ): Promise<TestUser> {
    const username = input.username ?? contractUsername();
    const password = input.password ?? strongPassword();
    const body: Record<string, string> = { username, password };
    const primaryEmail = input.primaryEmail === undefined ? contractEmail() : input.primaryEmail;
    if (primaryEmail) {
      body.primaryEmail = primaryEmail;
    }
    if (input.name !== null) {
      body.name = input.name ?? `Contract ${username}`;
    }
    const user = await created(await this.api.post('/api/users', body), 200, userSchema, 'create user');
    this.deleteLater(`/api/users/${user.id}`);
    return { user, id: user.id, username, password, primaryEmail: primaryEmail ?? null };
  }

  async createOrganization(
    input: { name?: string; description?: string; customData?: Record<string, unknown>; isMfaRequired?: boolean } = {},
  ): Promise<Organization> {
    const organization = await created(
      await this.api.post('/api/organizations', { name: contractName('org'), ...input }),
      201,
      organizationSchema,
      'create organization',
    );
    this.deleteLater(`/api/organizations/${organization.id}`);
    return organization;
  }

  async createOrganizationScope(input: { name?: string; description?: string } = {}): Promise<OrganizationScope> {
    const scope = await created(
      await this.api.post('/api/organization-scopes', { name: contractName('scope'), ...input }),
      201,
      organizationScopeSchema,
      'create organization scope',
    );
    this.deleteLater(`/api/organization-scopes/${scope.id}`);
    return scope;
  }

  async createOrganizationRole(
    input: { name?: string; description?: string; organizationScopeIds?: string[] } = {},
  ): Promise<OrganizationRole> {
    const role = await created(
      await this.api.post('/api/organization-roles', { name: contractName('role'), ...input }),
      201,
      organizationRoleSchema,
      'create organization role',
    );
    this.deleteLater(`/api/organization-roles/${role.id}`);
    return role;
  }

  /** Organization scopes read/write/manage and roles admin (all) and member (read). */
  async createOrganizationTemplate(): Promise<OrganizationTemplateFixture> {
    const prefix = contractName();
    const read = await this.createOrganizationScope({ name: `${prefix}:read`, description: 'Read' });
    const write = await this.createOrganizationScope({ name: `${prefix}:write`, description: 'Write' });
    const manage = await this.createOrganizationScope({ name: `${prefix}:manage`, description: 'Manage' });
    const admin = await this.createOrganizationRole({
      name: `${prefix}-admin`,
      description: 'Contract admin',
      organizationScopeIds: [read.id, write.id, manage.id],
    });
    const member = await this.createOrganizationRole({
      name: `${prefix}-member`,
      description: 'Contract member',
      organizationScopeIds: [read.id],
    });
    return { scopes: { read, write, manage }, roles: { admin, member } };
  }

  async addMembers(organizationId: string, userIds: string[]): Promise<void> {
    await expectStatusOrThrow(
      await this.api.post(`/api/organizations/${organizationId}/users`, { userIds }),
      201,
      'add organization members',
    );
  }

  async assignOrganizationRoles(organizationId: string, userIds: string[], organizationRoleIds: string[]) {
    await expectStatusOrThrow(
      await this.api.post(`/api/organizations/${organizationId}/users/roles`, { userIds, organizationRoleIds }),
      201,
      'assign organization roles',
    );
  }

  async createResource(
    input: { name?: string; indicator?: string; accessTokenTtl?: number } = {},
  ): Promise<z.infer<typeof resourceWithScopesSchema>> {
    const name = input.name ?? contractName('api');
    const resource = await created(
      await this.api.post('/api/resources', {
        name,
        indicator: input.indicator ?? `https://${name}.example.test`,
        ...(input.accessTokenTtl === undefined ? {} : { accessTokenTtl: input.accessTokenTtl }),
      }),
      201,
      resourceWithScopesSchema,
      'create resource',
    );
    this.deleteLater(`/api/resources/${resource.id}`);
    return resource;
  }

  async createResourceScope(resourceId: string, input: { name?: string; description?: string } = {}): Promise<ResourceScope> {
    return created(
      await this.api.post(`/api/resources/${resourceId}/scopes`, {
        name: input.name ?? `${contractName()}:scope`,
        ...(input.description === undefined ? {} : { description: input.description }),
      }),
      201,
      resourceScopeSchema,
      'create resource scope',
    );
  }

  async createRole(
    input: { name?: string; description?: string; type?: 'User' | 'MachineToMachine'; scopeIds?: string[]; isDefault?: boolean } = {},
  ): Promise<Role> {
    const role = await created(
      await this.api.post('/api/roles', {
        name: input.name ?? contractName('role'),
        description: input.description ?? 'Contract test role',
        type: input.type ?? 'User',
        ...(input.scopeIds ? { scopeIds: input.scopeIds } : {}),
        ...(input.isDefault === undefined ? {} : { isDefault: input.isDefault }),
      }),
      200,
      roleSchema,
      'create role',
    );
    this.deleteLater(`/api/roles/${role.id}`);
    return role;
  }

  /** Looks a user up by exact username (e.g. one created by self-registration). */
  async findUserIdByUsername(username: string): Promise<string> {
    const response = await this.api.get('/api/users', {
      'search.username': username,
      'mode.username': 'exact',
    });
    const users = await created(response, 200, z.array(userSchema), 'find user');
    const user = users.find((candidate) => candidate.username === username);
    if (!user) {
      throw new Error(`user ${username} not found`);
    }
    return user.id;
  }
}

async function created<T extends z.ZodType>(
  response: HttpResponse,
  status: number,
  schema: T,
  what: string,
): Promise<z.infer<T>> {
  await expectStatusOrThrow(response, status, what);
  const parsed = schema.safeParse(response.json);
  if (!parsed.success) {
    throw new Error(`${what}: unexpected body: ${z.prettifyError(parsed.error)}\n${describeResponse(response)}`);
  }
  return parsed.data;
}

async function expectStatusOrThrow(response: HttpResponse, status: number, what: string): Promise<void> {
  if (response.status !== status) {
    throw new Error(`fixture "${what}" failed: expected ${status}, ${describeResponse(response)}`);
  }
}
