// Organization JIT (`/jit/email-domains`, `/jit/roles`) and organization sign-in branding
// (reference samples 92, 94): every Logto call the app's JIT and branding settings make, and
// the authorization request that shows an organization's branding.
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { expectCreatedText, expectJson, expectLogtoError, expectNoContent, totalNumber } from './support/assertions';
import { contractContext } from './support/context';
import { Fixtures } from './support/fixtures';
import { organizationRoleSchema, organizationSchema } from './support/logto-schemas';
import { contractName, missingId, randomId } from './support/random';
import { startSignInInteraction } from './support/sign-in';

const { api, webApp } = contractContext();
const fixtures = new Fixtures(api);
afterAll(() => fixtures.cleanup());

const jitEmailDomainSchema = z.strictObject({ tenantId: z.string(), organizationId: z.string(), emailDomain: z.string() });

async function createOrganization(body: Record<string, unknown> = {}) {
  const organization = expectJson(await api.post('/api/organizations', { name: contractName('jit'), ...body }), 201, organizationSchema);
  fixtures.deleteLater(`/api/organizations/${organization.id}`);
  return organization;
}

async function roleIdByName(name: string): Promise<string> {
  const roles = expectJson(await api.get('/api/organization-roles', { page: 1, page_size: 100 }), 200, z.array(z.object({ id: z.string(), name: z.string() })));
  const role = roles.find((candidate) => candidate.name === name);
  if (role) return role.id;
  // A tenant without the app's template: a scratch role, deleted afterwards.
  const created = expectJson(
    await api.post('/api/organization-roles', { name: contractName(name), organizationScopeIds: [], resourceScopeIds: [] }),
    201,
    z.object({ id: z.string() }),
  );
  fixtures.deleteLater(`/api/organization-roles/${created.id}`);
  return created.id;
}

const domain = () => `contract-${randomId(8)}.test`;

describe('organization JIT e-mail domains', () => {
  it('starts empty, adds domains (201 with the relation), lists them whole or by page, and deletes them', async () => {
    const { id } = await createOrganization();
    const path = `/api/organizations/${id}/jit/email-domains`;
    const listAll = async () => expectJson(await api.get(path), 200, z.array(jitEmailDomainSchema));
    expect(await listAll()).toEqual([]);

    const [first, second] = [domain(), domain()];
    expect(expectJson(await api.post(path, { emailDomain: first }), 201, jitEmailDomainSchema)).toMatchObject({ organizationId: id, emailDomain: first });
    expectJson(await api.post(path, { emailDomain: second }), 201, jitEmailDomainSchema);
    expect((await listAll()).map(({ emailDomain }) => emailDomain).sort()).toEqual([first, second].sort());

    const page = await api.get(path, { page: 1, page_size: 1 });
    expect(expectJson(page, 200, z.array(jitEmailDomainSchema))).toHaveLength(1);
    expect(totalNumber(page)).toBe(2);

    expectNoContent(await api.delete(`${path}/${encodeURIComponent(first)}`));
    expect((await listAll()).map(({ emailDomain }) => emailDomain)).toEqual([second]);
  });

  it('refuses a domain the organization already has (422 entity.unique_integrity_violation)', async () => {
    const { id } = await createOrganization();
    const path = `/api/organizations/${id}/jit/email-domains`;
    const value = domain();
    expectJson(await api.post(path, { emailDomain: value }), 201, jitEmailDomainSchema);
    expectLogtoError(await api.post(path, { emailDomain: value }), 422, { code: 'entity.unique_integrity_violation' });
  });

  it('answers 404 entity.not_found when deleting a domain it does not have', async () => {
    const { id } = await createOrganization();
    expectLogtoError(await api.delete(`/api/organizations/${id}/jit/email-domains/${domain()}`), 404, { code: 'entity.not_found' });
  });

  it('lets two organizations list the same domain (uniqueness across organizations is the app\'s rule)', async () => {
    const value = domain();
    for (const { id } of [await createOrganization(), await createOrganization()]) {
      expectJson(await api.post(`/api/organizations/${id}/jit/email-domains`, { emailDomain: value }), 201, jitEmailDomainSchema);
    }
  });
});

describe('organization JIT roles', () => {
  it('replaces (204), lists full role objects, and refuses an unknown role (422)', async () => {
    const { id } = await createOrganization();
    const path = `/api/organizations/${id}/jit/roles`;
    expect(expectJson(await api.get(path), 200, z.array(organizationRoleSchema))).toEqual([]);

    const roleId = await roleIdByName('member');
    expectNoContent(await api.put(path, { organizationRoleIds: [roleId] }));
    expect(expectJson(await api.get(path), 200, z.array(organizationRoleSchema)).map((role) => role.id)).toEqual([roleId]);
    // POST adds (idempotent), PUT with [] clears.
    expectCreatedText(await api.post(path, { organizationRoleIds: [roleId] }));
    expect(expectJson(await api.get(path), 200, z.array(organizationRoleSchema))).toHaveLength(1);
    expectNoContent(await api.put(path, { organizationRoleIds: [] }));
    expect(expectJson(await api.get(path), 200, z.array(organizationRoleSchema))).toEqual([]);

    expect((await api.put(path, { organizationRoleIds: [missingId()] })).status).toBe(422);
  });

  it('answers 404 for an unknown organization', async () => {
    expect((await api.get(`/api/organizations/${missingId()}/jit/roles`)).status).toBe(404);
  });
});

describe('organization sign-in branding', () => {
  it('stores branding and colours, PATCH replacing each whole', async () => {
    const organization = await createOrganization({
      color: { primaryColor: '#AA3366', isDarkModeEnabled: false, darkPrimaryColor: '#FF88BB' },
      branding: { logoUrl: 'https://brand.example.test/logo.png' },
    });
    expect(organization).toMatchObject({
      color: { primaryColor: '#AA3366', isDarkModeEnabled: false, darkPrimaryColor: '#FF88BB' },
      branding: { logoUrl: 'https://brand.example.test/logo.png' },
    });

    const branding = {
      logoUrl: 'https://brand.example.test/logo.png',
      darkLogoUrl: 'https://brand.example.test/dark.png',
      favicon: 'https://brand.example.test/favicon.ico',
      darkFavicon: 'https://brand.example.test/dark.ico',
    };
    const patched = expectJson(
      await api.patch(`/api/organizations/${organization.id}`, { branding, color: { primaryColor: '#123456', isDarkModeEnabled: true } }),
      200,
      organizationSchema,
    );
    expect(patched.branding).toEqual(branding);
    expect(patched.color).toEqual({ primaryColor: '#123456', isDarkModeEnabled: true });
    expect(expectJson(await api.get(`/api/organizations/${organization.id}`), 200, organizationSchema)).toMatchObject({ branding, color: patched.color });
  });

  it('passes organization_id from the authorization request on to the sign-in page', async () => {
    const organization = await createOrganization({ branding: { logoUrl: 'https://brand.example.test/logo.png' } });
    const interaction = await startSignInInteraction(webApp, { extraParams: { organization_id: organization.id } });
    expect(interaction.signInPageUrl.pathname).toBe('/sign-in');
    expect(interaction.signInPageUrl.searchParams.get('organization_id')).toBe(organization.id);
    expect(interaction.signInPageUrl.searchParams.get('app_id')).toBe(webApp.appId);
  });
});
