import { describe, expect, it } from 'vitest';

import { DEMO_PASSWORD, WEB_APP_ID } from '../src/constants.js';
import { call, expectStatus, signIn, startAuthorization, useInstance } from './helpers.js';

// Organization JIT (`/jit/email-domains`, `/jit/roles`, provisioning at registration) and the
// organization-branded sign-in page, with the shapes of Logto 1.37.

const { server, api } = useInstance();

async function createOrganization(body: Record<string, unknown>): Promise<string> {
  return expectStatus(await api().request<{ id: string }>('POST', '/api/organizations', body), 201).body.id;
}

async function roleId(name: string): Promise<string> {
  const roles = expectStatus(await api().request<{ id: string; name: string }[]>('GET', '/api/organization-roles'), 200).body;
  const role = roles.find((candidate) => candidate.name === name);
  if (!role) throw new Error(`no role ${name}`);
  return role.id;
}

/** Registers a new account with e-mail and password through the Experience API. */
async function register(email: string, extra: Record<string, string> = {}): Promise<string> {
  const started = await startAuthorization(server().endpoint, { extra: { first_screen: 'register', ...extra } });
  const { jar } = started;
  expectStatus(await call(`${server().endpoint}/api/experience`, { method: 'PUT', jar, json: { interactionEvent: 'Register' } }), 204);
  const verification = expectStatus(
    await call<{ verificationId: string }>(`${server().endpoint}/api/experience/verification/new-password-identity`, {
      method: 'POST',
      jar,
      json: { identifier: { type: 'email', value: email }, password: 'correct horse battery' },
    }),
    200,
  );
  expectStatus(
    await call(`${server().endpoint}/api/experience/identification`, { method: 'POST', jar, json: { verificationId: verification.body.verificationId } }),
    201,
  );
  const users = expectStatus(await api().request<{ id: string; primaryEmail: string }[]>('GET', `/api/users?search=${encodeURIComponent(email)}`), 200);
  const user = users.body.find((candidate) => candidate.primaryEmail === email);
  if (!user) throw new Error(`no user ${email}`);
  return user.id;
}

describe('JIT e-mail domains', () => {
  it('adds, lists (whole or by page), refuses a duplicate, and deletes like Logto', async () => {
    const id = await createOrganization({ name: 'Globex' });
    const path = `/api/organizations/${id}/jit/email-domains`;
    const empty = expectStatus(await api().request('GET', path), 200);
    expect(empty.body).toEqual([]);
    expect(empty.headers.get('total-number')).toBeNull();

    expect(expectStatus(await api().request('POST', path, { emailDomain: 'globex.test' }), 201).body).toEqual({
      tenantId: 'default',
      organizationId: id,
      emailDomain: 'globex.test',
    });
    expectStatus(await api().request('POST', path, { emailDomain: 'globex-corp.test' }), 201);
    // Logto does not check the form of a domain.
    expectStatus(await api().request('POST', path, { emailDomain: '@bad domain' }), 201);
    expect(await api().request('POST', path, { emailDomain: 'globex.test' })).toMatchObject({
      status: 422,
      body: { code: 'entity.unique_integrity_violation', message: 'The entity already exists. Please check the input and try again.' },
    });
    expect(await api().request('POST', path, { emailDomain: '' })).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });

    const all = expectStatus(await api().request<{ emailDomain: string }[]>('GET', path), 200);
    expect(all.body.map(({ emailDomain }) => emailDomain)).toEqual(['@bad domain', 'globex-corp.test', 'globex.test']);
    const page = expectStatus(await api().request<{ emailDomain: string }[]>('GET', `${path}?page=1&page_size=1`), 200);
    expect(page.body).toHaveLength(1);
    expect(page.headers.get('total-number')).toBe('3');
    expect(page.headers.get('link')).toContain('rel="next"');

    expectStatus(await api().request('DELETE', `${path}/globex-corp.test`), 204);
    expect(await api().request('DELETE', `${path}/globex-corp.test`)).toMatchObject({
      status: 404,
      body: { code: 'entity.not_found', message: 'The resource does not exist.' },
    });
    expectStatus(await api().request('DELETE', `${path}/${encodeURIComponent('@bad domain')}`), 204);
    expectStatus(await api().request('PUT', path, { emailDomains: ['a.test', 'b.test'] }), 204);
    const replaced = expectStatus(await api().request<{ emailDomain: string }[]>('GET', path), 200);
    expect(replaced.body.map(({ emailDomain }) => emailDomain)).toEqual(['a.test', 'b.test']);
  });

  it('refuses a domain for an unknown organization, and lists none for it', async () => {
    const path = '/api/organizations/nosuchorg000/jit/email-domains';
    expect((await api().request('POST', path, { emailDomain: 'x.test' })).status).toBe(422);
    expect(expectStatus(await api().request('GET', path), 200).body).toEqual([]);
  });
});

describe('JIT roles', () => {
  it('adds (idempotently), replaces, lists as role objects and removes', async () => {
    const id = await createOrganization({ name: 'Roles Inc' });
    const path = `/api/organizations/${id}/jit/roles`;
    const [member, viewer] = [await roleId('member'), await roleId('viewer')];
    expect(expectStatus(await api().request('GET', path), 200).body).toEqual([]);
    expect(await api().request('POST', path, { organizationRoleIds: [member] })).toMatchObject({ status: 201, text: 'Created' });
    expectStatus(await api().request('POST', path, { organizationRoleIds: [member] }), 201);
    expect(expectStatus(await api().request('GET', path), 200).body).toEqual([
      { tenantId: 'default', id: member, name: 'member', description: expect.any(String), type: 'User' },
    ]);
    expect((await api().request('POST', path, { organizationRoleIds: [] })).status).toBe(400);
    expect(await api().request('POST', path, { organizationRoleIds: ['no-such-role'] })).toMatchObject({
      status: 422,
      body: { code: 'entity.relation_foreign_key_not_found' },
    });
    expectStatus(await api().request('PUT', path, { organizationRoleIds: [viewer] }), 204);
    expect(expectStatus(await api().request<{ name: string }[]>('GET', path), 200).body.map(({ name }) => name)).toEqual(['viewer']);
    expectStatus(await api().request('DELETE', `${path}/${viewer}`), 204);
    expect((await api().request('DELETE', `${path}/${viewer}`)).status).toBe(404);
    expect(await api().request('GET', '/api/organizations/nosuchorg000/jit/roles')).toMatchObject({
      status: 404,
      body: { code: 'entity.not_exists_with_id' },
    });
  });
});

describe('JIT at registration', () => {
  it('puts a new user with an e-mail at a listed domain into the organization with the JIT roles', async () => {
    const id = await createOrganization({ name: 'Initech' });
    expectStatus(await api().request('POST', `/api/organizations/${id}/jit/email-domains`, { emailDomain: 'initech.test' }), 201);
    expectStatus(await api().request('PUT', `/api/organizations/${id}/jit/roles`, { organizationRoleIds: [await roleId('viewer')] }), 204);
    const other = await createOrganization({ name: 'Other' });

    const userId = await register('peter@initech.test');
    const organizations = expectStatus(
      await api().request<{ id: string; organizationRoles: { name: string }[] }[]>('GET', `/api/users/${userId}/organizations`),
      200,
    );
    expect(organizations.body.map((organization) => ({ id: organization.id, roles: organization.organizationRoles.map(({ name }) => name) }))).toEqual([
      { id, roles: ['viewer'] },
    ]);
    expect(organizations.body.some((organization) => organization.id === other)).toBe(false);
  });

  it('matches the domain exactly: another domain or a subdomain joins nothing', async () => {
    const id = await createOrganization({ name: 'Exact' });
    expectStatus(await api().request('POST', `/api/organizations/${id}/jit/email-domains`, { emailDomain: 'exact.test' }), 201);
    for (const email of ['someone@sub.exact.test', 'someone@notexact.test']) {
      const userId = await register(email);
      expect(expectStatus(await api().request('GET', `/api/users/${userId}/organizations`), 200).body).toEqual([]);
    }
  });

  it('joins with no role when the organization has no JIT roles, as Logto does', async () => {
    const id = await createOrganization({ name: 'No roles' });
    expectStatus(await api().request('POST', `/api/organizations/${id}/jit/email-domains`, { emailDomain: 'noroles.test' }), 201);
    const userId = await register('nobody@noroles.test');
    expect(expectStatus(await api().request('GET', `/api/users/${userId}/organizations`), 200).body).toEqual([
      expect.objectContaining({ id, organizationRoles: [] }),
    ]);
  });

  it('does not apply to an existing user who signs in', async () => {
    const id = await createOrganization({ name: 'Late' });
    // alice@example.com is a demo user; the domain is added after her account exists.
    expectStatus(await api().request('POST', `/api/organizations/${id}/jit/email-domains`, { emailDomain: 'example.com' }), 201);
    await signIn(server().endpoint, { type: 'email', value: 'alice@example.com' }, DEMO_PASSWORD);
    const members = expectStatus(await api().request<{ id: string }[]>('GET', `/api/organizations/${id}/users`), 200);
    expect(members.body).toEqual([]);
  });
});

describe('organization-branded sign-in page', () => {
  it('passes organization_id on to the sign-in page, which shows the logo, the dark logo and the colours', async () => {
    const id = await createOrganization({
      name: 'Branded Org',
      color: { primaryColor: '#AA3366', isDarkModeEnabled: true, darkPrimaryColor: '#FF88BB' },
      branding: { logoUrl: 'https://brand.example.test/logo.png', darkLogoUrl: 'https://brand.example.test/dark.png', favicon: 'https://brand.example.test/favicon.ico' },
    });
    const started = await startAuthorization(server().endpoint, { extra: { organization_id: id } });
    expect(started.location).toBe(`/sign-in?app_id=${WEB_APP_ID}&organization_id=${id}`);
    const page = await call(new URL(started.location, server().endpoint).href, { jar: started.jar });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<img id="organization-logo" src="https://brand.example.test/logo.png" alt="Branded Org logo"');
    expect(page.text).toContain('<source srcset="https://brand.example.test/dark.png" media="(prefers-color-scheme: dark)">');
    expect(page.text).toContain('<link rel="icon" href="https://brand.example.test/favicon.ico">');
    expect(page.text).toContain(':root { --accent: #AA3366; }');
    expect(page.text).toContain('@media (prefers-color-scheme: dark) { :root { --accent: #FF88BB; } }');
    // The link to the other screen keeps the organization.
    expect(page.text).toContain(`/register?app_id=${WEB_APP_ID}&amp;organization_id=${id}`);
    expect(page.headers.get('content-security-policy')).toContain("img-src 'self' data: https:");
  });

  it('shows the default look for an unknown organization, no organization, or a non-https logo', async () => {
    const plain = await createOrganization({ name: 'Plain', branding: { logoUrl: 'http://insecure.example.test/logo.png' } });
    const cases: Record<string, string>[] = [{ organization_id: 'nosuchorg000' }, {}, { organization_id: plain }];
    for (const extra of cases) {
      const started = await startAuthorization(server().endpoint, { extra });
      const page = await call(new URL(started.location, server().endpoint).href, { jar: started.jar });
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('organization-logo');
      expect(page.text).not.toContain(':root { --accent: #');
    }
  });
});
