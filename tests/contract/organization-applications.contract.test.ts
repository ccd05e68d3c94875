// Machine-to-machine apps in organizations: what the app's API keys rely on (reference sample 92,
// and Logto's routes /applications, /applications/:id/secrets, /organizations/:id/applications
// and .../applications/:applicationId/roles).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { expectCreatedText, expectExactJson, expectJson, expectLogtoError, expectNoContent, totalNumber } from './support/assertions';
import { contractContext, decodeJwtParts } from './support/context';
import { Fixtures } from './support/fixtures';
import { accessTokenClaimsSchema, organizationRoleSchema, tokenResponseSchema, type Organization, type OrganizationScope } from './support/logto-schemas';
import { requestToken, type OidcClientConfig } from './support/oidc-client';
import { contractName } from './support/random';

const { target, api, verifyJwt } = contractContext();
const fixtures = new Fixtures(api);
afterAll(() => fixtures.cleanup());

/** The fields of an application the app reads; Logto sends more. */
const applicationSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  type: z.literal('MachineToMachine'),
  description: z.string().nullable(),
  oidcClientMetadata: z.object({ redirectUris: z.array(z.string()), postLogoutRedirectUris: z.array(z.string()) }),
});

const secretSchema = z.object({ name: z.string().min(1), value: z.string().min(1), expiresAt: z.number().nullable() });

const NOT_ASSOCIATED = {
  code: 'oidc.access_denied',
  message: 'Access denied.',
  error: 'access_denied',
  error_description: 'app has not associated with the organization',
};

const audienceOf = (organizationId: string) => `urn:logto:organization:${organizationId}`;

async function createMachineApp(): Promise<{ id: string; client: OidcClientConfig }> {
  const response = await api.post('/api/applications', { name: contractName('key'), type: 'MachineToMachine', description: 'Contract API key' });
  const app = expectJson(response, 200, applicationSchema);
  fixtures.deleteLater(`/api/applications/${app.id}`);
  const secrets = expectJson(await api.get(`/api/applications/${app.id}/secrets`), 200, z.array(secretSchema));
  const secret = secrets.find((candidate) => candidate.expiresAt === null);
  if (!secret) throw new Error('a new M2M app has no unexpiring secret');
  return { id: app.id, client: { endpoint: target.endpoint, appId: app.id, appSecret: secret.value } };
}

async function createMachineRole(scopes: OrganizationScope[]) {
  const response = await api.post('/api/organization-roles', {
    name: contractName('m2m-role'),
    description: 'Contract machine role',
    type: 'MachineToMachine',
    organizationScopeIds: scopes.map((scope) => scope.id),
  });
  const role = expectJson(response, 201, organizationRoleSchema);
  fixtures.deleteLater(`/api/organization-roles/${role.id}`);
  return role;
}

const organizationToken = (client: OidcClientConfig, organizationId: string, scope?: string) =>
  requestToken(client, { grant_type: 'client_credentials', organization_id: organizationId, scope });

describe('machine-to-machine apps as organization API keys', () => {
  let organization: Organization;
  let other: Organization;
  let read: OrganizationScope;
  let write: OrganizationScope;
  let app: Awaited<ReturnType<typeof createMachineApp>>;

  beforeAll(async () => {
    const template = await fixtures.createOrganizationTemplate();
    ({ read, write } = template.scopes);
    organization = await fixtures.createOrganization();
    other = await fixtures.createOrganization();
    app = await createMachineApp();
  });

  it('POST /api/applications (MachineToMachine): 200, and GET .../secrets lists a secret the token endpoint takes', async () => {
    // createMachineApp checked the shapes; the secret authenticates the app.
    const response = await requestToken(app.client, { grant_type: 'client_credentials', resource: target.managementApiResource });
    // Without a Management API role the token has no scopes, but the client authenticated.
    expect(response.status, JSON.stringify(response.json)).toBe(200);
  });

  it('client_credentials with organization_id before the app is in the organization: 403', async () => {
    expectExactJson(await organizationToken(app.client, organization.id), 403, NOT_ASSOCIATED);
  });

  it('POST /organizations/:id/applications: 201 "Created", idempotent; GET lists the app with its roles', async () => {
    expectCreatedText(await api.post(`/api/organizations/${organization.id}/applications`, { applicationIds: [app.id] }));
    expectCreatedText(await api.post(`/api/organizations/${organization.id}/applications`, { applicationIds: [app.id] }));
    const response = await api.get(`/api/organizations/${organization.id}/applications`);
    const items = expectJson(response, 200, z.array(applicationSchema.extend({ organizationRoles: z.array(z.object({ id: z.string(), name: z.string() })) })));
    expect(items.map((item) => item.id)).toEqual([app.id]);
    expect(items[0]?.organizationRoles).toEqual([]);
    expect(totalNumber(response)).toBe(1);
  });

  it('a Traditional web app cannot join an organization: 422 entity.db_constraint_violated', async () => {
    const response = await api.post(`/api/organizations/${organization.id}/applications`, { applicationIds: [target.appId] });
    expectLogtoError(response, 422, { code: 'entity.db_constraint_violated', message: 'Database constraint violated.' });
  });

  it('a User-type organization role cannot be given to an app: 422 entity.db_constraint_violated', async () => {
    const userRole = await fixtures.createOrganizationRole({ organizationScopeIds: [read.id] });
    const response = await api.post(`/api/organizations/${organization.id}/applications/${app.id}/roles`, { organizationRoleIds: [userRole.id] });
    expectLogtoError(response, 422, { code: 'entity.db_constraint_violated' });
  });

  it('roles of an app outside the organization: 422 organization.require_membership', async () => {
    const role = await createMachineRole([read]);
    const response = await api.post(`/api/organizations/${other.id}/applications/${app.id}/roles`, { organizationRoleIds: [role.id] });
    expectLogtoError(response, 422, { code: 'organization.require_membership' });
  });

  it('without roles the organization token has no scope, even when scopes are asked for', async () => {
    const response = await organizationToken(app.client, organization.id, read.name);
    const body = expectJson(response, 200, tokenResponseSchema);
    expect(body).toMatchObject({ expires_in: 3600, token_type: 'Bearer', scope: '' });
  });

  describe('with a MachineToMachine organization role', () => {
    beforeAll(async () => {
      const role = await createMachineRole([read, write]);
      expectCreatedText(await api.post(`/api/organizations/${organization.id}/applications/${app.id}/roles`, { organizationRoleIds: [role.id] }));
      const roles = expectJson(await api.get(`/api/organizations/${organization.id}/applications/${app.id}/roles`), 200, z.array(organizationRoleSchema));
      expect(roles).toEqual([expect.objectContaining({ id: role.id, type: 'MachineToMachine' })]);
    });

    it('issues an organization token with the requested scopes the role grants; sub and client_id are the app', async () => {
      const response = await organizationToken(app.client, organization.id, `${read.name} ${write.name} unknown:scope`);
      const body = expectJson(response, 200, tokenResponseSchema);
      expect(body.scope?.split(' ').sort()).toEqual([read.name, write.name].sort());
      expect(body).not.toHaveProperty('refresh_token');
      const { header } = decodeJwtParts(body.access_token);
      expect(header).toMatchObject({ alg: 'ES384', typ: 'at+jwt' });
      const claims = accessTokenClaimsSchema.parse(await verifyJwt(body.access_token, { audience: audienceOf(organization.id), typ: 'at+jwt' }));
      expect(claims).toMatchObject({ sub: app.id, client_id: app.id, iss: target.issuer, aud: audienceOf(organization.id) });
      expect(claims.scope?.split(' ').sort()).toEqual([read.name, write.name].sort());
      expect(claims.exp - claims.iat).toBe(3600);
    });

    it('no scope asked for: a token with scope ""', async () => {
      const body = expectJson(await organizationToken(app.client, organization.id), 200, tokenResponseSchema);
      expect(body.scope).toBe('');
      expect(decodeJwtParts(body.access_token).claims.scope).toBe('');
    });

    it('another organization: 403, the app is in one organization only', async () => {
      expectExactJson(await organizationToken(app.client, other.id, read.name), 403, NOT_ASSOCIATED);
    });
  });

  it('DELETE /api/applications/:id: 204; then the credentials are refused (invalid_client) and the app left the organization', async () => {
    const doomed = await createMachineApp();
    expectCreatedText(await api.post(`/api/organizations/${organization.id}/applications`, { applicationIds: [doomed.id] }));
    expect((await organizationToken(doomed.client, organization.id)).status).toBe(200);

    expectNoContent(await api.delete(`/api/applications/${doomed.id}`));
    const refused = await organizationToken(doomed.client, organization.id);
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ code: 'oidc.invalid_client', error: 'invalid_client' });
    const listed = expectJson(await api.get(`/api/organizations/${organization.id}/applications`), 200, z.array(z.object({ id: z.string() })));
    expect(listed.map((item) => item.id)).not.toContain(doomed.id);
    expectLogtoError(await api.delete(`/api/applications/${doomed.id}`), 404, { code: 'entity.not_exists_with_id' });
  });
});
