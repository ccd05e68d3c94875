import { describe, expect, it } from 'vitest';

import { decodeJwt, expectStatus, token, useInstance } from './helpers.js';

// The local Logto's machine-to-machine apps in organizations, beyond the contract suite: the
// seeded machine roles of the app's template, and what ends an app's organization tokens.

const { server, api } = useInstance();

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function machineApp(): Promise<{ id: string; authorization: string }> {
  const app = expectStatus(await api().request<{ id: string; secret: string }>('POST', '/api/applications', { name: 'Key', type: 'MachineToMachine' }), 200);
  // Like Logto 1.37: the application's own `secret` is internal, the usable one is listed apart.
  expect(app.body.secret).toMatch(/^internal:/);
  const secrets = expectStatus(await api().request<{ name: string; value: string }[]>('GET', `/api/applications/${app.body.id}/secrets`), 200);
  expect(secrets.body.map((secret) => secret.name)).toEqual(['Default secret']);
  return { id: app.body.id, authorization: basic(app.body.id, secrets.body[0]?.value ?? '') };
}

async function organization(): Promise<string> {
  return expectStatus(await api().request<{ id: string }>('POST', '/api/organizations', { name: 'Machines' }), 201).body.id;
}

async function roleId(name: string): Promise<string> {
  const roles = expectStatus(await api().request<{ id: string; name: string; type: string }[]>('GET', '/api/organization-roles'), 200).body;
  const role = roles.find((candidate) => candidate.name === name);
  if (!role) throw new Error(`no organization role ${name}`);
  return role.id;
}

const orgToken = (organizationId: string, authorization: string, scope?: string) =>
  token(server().endpoint, { grant_type: 'client_credentials', organization_id: organizationId, ...(scope ? { scope } : {}) }, authorization);

describe('seeded template', () => {
  it('has the machine roles api-member and api-viewer, typed MachineToMachine, with their user twins\' scopes', async () => {
    const roles = expectStatus(
      await api().request<{ name: string; type: string; scopes: { name: string }[] }[]>('GET', '/api/organization-roles'),
      200,
    ).body;
    const byName = new Map(roles.map((role) => [role.name, role]));
    expect(byName.get('api-member')?.type).toBe('MachineToMachine');
    expect(byName.get('api-viewer')?.type).toBe('MachineToMachine');
    expect(byName.get('owner')?.type).toBe('User');
    const names = (role: string) => (byName.get(role)?.scopes ?? []).map((scope) => scope.name).sort();
    expect(names('api-member')).toEqual(names('member'));
    expect(names('api-viewer')).toEqual(names('viewer'));
    expect(names('owner')).toContain('manage:api-keys');
    expect(names('admin')).toContain('manage:api-keys');
    expect(names('member')).not.toContain('manage:api-keys');
  });
});

describe('organization tokens of machine apps', () => {
  it('carry the api-viewer role\'s scopes only, and name the organization in a resource token', async () => {
    const app = await machineApp();
    const org = await organization();
    expectStatus(await api().request('POST', `/api/organizations/${org}/applications`, { applicationIds: [app.id] }), 201);
    expectStatus(await api().request('POST', `/api/organizations/${org}/applications/${app.id}/roles`, { organizationRoleIds: [await roleId('api-viewer')] }), 201);

    const granted = expectStatus(await orgToken(org, app.authorization, 'read:projects write:projects read:members'), 200);
    expect(granted.body.scope?.split(' ').sort()).toEqual(['read:members', 'read:projects']);
    expect(decodeJwt(granted.body.access_token)).toMatchObject({ sub: app.id, client_id: app.id, aud: `urn:logto:organization:${org}` });

    const resource = expectStatus(
      await token(server().endpoint, { grant_type: 'client_credentials', organization_id: org, resource: 'urn:logto:resource:organizations' }, app.authorization),
      200,
    );
    expect(decodeJwt(resource.body.access_token)).toMatchObject({ organization_id: org, aud: 'urn:logto:resource:organizations' });
  });

  it('stop when the app leaves the organization, when the organization is deleted, and when the app is deleted', async () => {
    const app = await machineApp();
    const [left, deleted, kept] = [await organization(), await organization(), await organization()];
    for (const org of [left, deleted, kept]) {
      expectStatus(await api().request('POST', `/api/organizations/${org}/applications`, { applicationIds: [app.id] }), 201);
      expectStatus(await orgToken(org, app.authorization), 200);
    }

    expectStatus(await api().request('DELETE', `/api/organizations/${left}/applications/${app.id}`), 204);
    expect((await orgToken(left, app.authorization)).body).toMatchObject({ error: 'access_denied', error_description: 'app has not associated with the organization' });
    expectStatus(await api().request('DELETE', `/api/organizations/${left}/applications/${app.id}`), 404);

    expectStatus(await api().request('DELETE', `/api/organizations/${deleted}`), 204);
    expectStatus(await orgToken(deleted, app.authorization), 403);
    expectStatus(await orgToken(kept, app.authorization), 200);

    expectStatus(await api().request('DELETE', `/api/applications/${app.id}`), 204);
    expect((await orgToken(kept, app.authorization)).body).toMatchObject({ error: 'invalid_client' });
    expectStatus(await api().request('GET', `/api/applications/${app.id}/secrets`), 404);
  });

  it('a wrong secret is refused', async () => {
    const app = await machineApp();
    const org = await organization();
    expectStatus(await api().request('POST', `/api/organizations/${org}/applications`, { applicationIds: [app.id] }), 201);
    expectStatus(await orgToken(org, basic(app.id, 'not-the-secret')), 401);
  });
});
