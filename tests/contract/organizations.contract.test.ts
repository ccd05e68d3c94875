// Organizations CRUD, search and pagination (reference samples 30, 60).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  expectJson,
  expectLogtoError,
  expectNoContent,
  expectPaginationHeaders,
  parseLinkHeader,
  totalNumber,
} from './support/assertions';
import { contractContext } from './support/context';
import { Fixtures } from './support/fixtures';
import { describeResponse } from './support/http';
import {
  logtoErrorSchema,
  organizationSchema,
  organizationWithFeaturedUsersSchema,
  type Organization,
} from './support/logto-schemas';
import { contractName, missingId, randomId } from './support/random';

const { api } = contractContext();
const fixtures = new Fixtures(api);
afterAll(() => fixtures.cleanup());

const organizationList = z.array(organizationSchema);

describe('POST /api/organizations', () => {
  it('creates an organization: 201 with Logto\'s organization object', async () => {
    const name = contractName('Acme Inc');
    const response = await api.post('/api/organizations', {
      name,
      description: 'Acme Inc test org',
      customData: { plan: 'free', seq: 0 },
    });
    const organization = expectJson(response, 201, organizationSchema);
    fixtures.deleteLater(`/api/organizations/${organization.id}`);

    expect(organization).toMatchObject({
      name,
      description: 'Acme Inc test org',
      customData: { plan: 'free', seq: 0 },
      isMfaRequired: false,
      color: {},
      branding: {},
      customCss: null,
    });
    expect(organization.id).toMatch(/^[a-z0-9]{12}$/);
    expect(Math.abs(organization.createdAt - Date.now())).toBeLessThan(5 * 60_000);
  });

  it('allows duplicate names; defaults description to null and customData to {}', async () => {
    const name = contractName('same-name');
    const first = expectJson(await api.post('/api/organizations', { name }), 201, organizationSchema);
    fixtures.deleteLater(`/api/organizations/${first.id}`);
    const second = expectJson(await api.post('/api/organizations', { name }), 201, organizationSchema);
    fixtures.deleteLater(`/api/organizations/${second.id}`);

    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ name, description: null, customData: {}, isMfaRequired: false });
  });

  it('without a name: 400 guard.invalid_input with the zod issues', async () => {
    const response = await api.post('/api/organizations', { description: 'no name' });
    const body = expectLogtoError(response, 400, {
      code: 'guard.invalid_input',
      message: 'The request body is invalid.',
    });
    const issues = z.object({ issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])) })) });
    expect(issues.parse(body.data).issues.map((issue) => issue.path)).toContainEqual(['name']);
  });

  it('with a non-string name: 400 guard.invalid_input', async () => {
    const response = await api.post('/api/organizations', { name: 123 });
    expectLogtoError(response, 400, { code: 'guard.invalid_input', message: 'The request body is invalid.' });
  });
});

describe('GET/PATCH/DELETE /api/organizations/:id', () => {
  let organization: Organization;

  beforeAll(async () => {
    organization = await fixtures.createOrganization({
      description: 'Patch me',
      customData: { plan: 'free', seq: 1 },
    });
  });

  it('GET returns the organization', async () => {
    const response = await api.get(`/api/organizations/${organization.id}`);
    expect(expectJson(response, 200, organizationSchema)).toEqual(organization);
  });

  it('GET of an unknown id: 404 entity.not_exists_with_id', async () => {
    const id = missingId();
    expectLogtoError(await api.get(`/api/organizations/${id}`), 404, {
      code: 'entity.not_exists_with_id',
      message: `The organizations with ID \`${id}\` does not exist.`,
    });
  });

  it('PATCH updates the given fields and replaces customData whole', async () => {
    const name = contractName('Acme Corporation');
    const response = await api.patch(`/api/organizations/${organization.id}`, {
      name,
      customData: { plan: 'pro' },
    });
    const patched = expectJson(response, 200, organizationSchema);
    expect(patched).toEqual({ ...organization, name, customData: { plan: 'pro' } });

    const fetched = expectJson(await api.get(`/api/organizations/${organization.id}`), 200, organizationSchema);
    expect(fetched).toEqual(patched);
  });

  it('PATCH isMfaRequired', async () => {
    const patched = expectJson(
      await api.patch(`/api/organizations/${organization.id}`, { isMfaRequired: true }),
      200,
      organizationSchema,
    );
    expect(patched.isMfaRequired).toBe(true);
    const restored = expectJson(
      await api.patch(`/api/organizations/${organization.id}`, { isMfaRequired: false }),
      200,
      organizationSchema,
    );
    expect(restored.isMfaRequired).toBe(false);
  });

  it('PATCH of an unknown id: 404 entity.not_exists', async () => {
    const response = await api.patch(`/api/organizations/${missingId()}`, { name: 'x' });
    expectLogtoError(response, 404, {
      code: 'entity.not_exists',
      message: 'The organization does not exist.',
    });
  });

  it('DELETE answers 204, then the organization is gone (404)', async () => {
    const doomed = await fixtures.createOrganization();
    expectNoContent(await api.delete(`/api/organizations/${doomed.id}`));
    expectLogtoError(await api.get(`/api/organizations/${doomed.id}`), 404, {
      code: 'entity.not_exists_with_id',
      message: `The organizations with ID \`${doomed.id}\` does not exist.`,
    });
  });
});

describe('GET /api/organizations (search and pagination)', () => {
  // Three organizations that only this test file matches: `q=<tag>`.
  const tag = randomId(10);
  const ids: Record<'acmeInc' | 'acmeLabs' | 'globex', string> = { acmeInc: '', acmeLabs: '', globex: '' };

  beforeAll(async () => {
    ids.acmeInc = (await fixtures.createOrganization({ name: `contract ${tag} Acme Inc` })).id;
    ids.acmeLabs = (await fixtures.createOrganization({ name: `contract ${tag} Acme Labs` })).id;
    ids.globex = (await fixtures.createOrganization({ name: `contract ${tag} Globex` })).id;
  });

  it('without parameters: 200 with Total-Number and a Link header', async () => {
    const response = await api.get('/api/organizations');
    const organizations = expectJson(response, 200, organizationList);
    const total = totalNumber(response);
    expect(total).toBeGreaterThanOrEqual(3);
    expect(organizations.length).toBe(Math.min(total, 20));
    expectPaginationHeaders(response, { path: '/api/organizations' }, { total });
  });

  it('q is a case-insensitive substring match on the name', async () => {
    const query = { q: `${tag} acme` };
    const response = await api.get('/api/organizations', query);
    const organizations = expectJson(response, 200, organizationList);
    expect(organizations.map((organization) => organization.id).sort()).toEqual([ids.acmeInc, ids.acmeLabs].sort());
    expectPaginationHeaders(response, { path: '/api/organizations', query }, { total: 2 });

    const upper = expectJson(await api.get('/api/organizations', { q: `${tag.toUpperCase()} ACME` }), 200, organizationList);
    expect(upper).toHaveLength(2);
  });

  it('q matches the id too', async () => {
    const organizations = expectJson(await api.get('/api/organizations', { q: ids.globex }), 200, organizationList);
    expect(organizations.map((organization) => organization.id)).toContain(ids.globex);
  });

  it('page/page_size paginate with Total-Number and first/last/next/prev links', async () => {
    const first = { q: tag, page: '1', page_size: '2' };
    const firstResponse = await api.get('/api/organizations', first);
    const firstPage = expectJson(firstResponse, 200, organizationList);
    expect(firstPage).toHaveLength(2);
    expectPaginationHeaders(firstResponse, { path: '/api/organizations', query: first }, { total: 3 });

    const second = { q: tag, page: '2', page_size: '2' };
    const secondResponse = await api.get('/api/organizations', second);
    const secondPage = expectJson(secondResponse, 200, organizationList);
    expect(secondPage).toHaveLength(1);
    expectPaginationHeaders(secondResponse, { path: '/api/organizations', query: second }, { total: 3 });

    const seen = [...firstPage, ...secondPage].map((organization) => organization.id).sort();
    expect(seen).toEqual(Object.values(ids).sort());
  });

  it('a page past the end: 200 [] with a prev link', async () => {
    const query = { q: tag, page: '9', page_size: '2' };
    const response = await api.get('/api/organizations', query);
    expect(expectJson(response, 200, organizationList)).toEqual([]);
    expectPaginationHeaders(response, { path: '/api/organizations', query }, { total: 3 });
    expect(parseLinkHeader(response.headers.get('link')).get('prev')?.searchParams.get('page')).toBe('8');
  });

  it('page=0: 400 guard.invalid_pagination', async () => {
    expectLogtoError(await api.get('/api/organizations', { page: 0 }), 400, {
      code: 'guard.invalid_pagination',
      message: 'The request pagination value is invalid.',
    });
  });

  it('page_size=0: 400 guard.invalid_pagination', async () => {
    const response = await api.get('/api/organizations', { page_size: 0 });
    expect(response.status, describeResponse(response)).toBe(400);
    expect(logtoErrorSchema.parse(response.json).code).toBe('guard.invalid_pagination');
  });

  it('showFeatured=true adds usersCount and featuredUsers', async () => {
    const member = await fixtures.createUser();
    await fixtures.addMembers(ids.acmeInc, [member.id]);
    const response = await api.get('/api/organizations', { q: tag, showFeatured: 'true', page: 1, page_size: 10 });
    const organizations = expectJson(response, 200, z.array(organizationWithFeaturedUsersSchema));
    expect(organizations).toHaveLength(3);
    const byId = new Map(organizations.map((organization) => [organization.id, organization]));
    expect(byId.get(ids.acmeInc)?.usersCount).toBe(1);
    expect(byId.get(ids.acmeInc)?.featuredUsers.map((user) => user.id)).toEqual([member.id]);
    expect(byId.get(ids.globex)).toMatchObject({ usersCount: 0, featuredUsers: [] });
  });
});
