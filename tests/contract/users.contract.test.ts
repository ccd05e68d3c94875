// Users: create, read, search (SQL ILIKE semantics), update, delete
// (reference samples 60, 83, 84, 95).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  expectJson,
  expectLogtoError,
  expectNoContent,
  expectNoSecretFields,
  expectPaginationHeaders,
  totalNumber,
} from './support/assertions';
import { contractContext } from './support/context';
import { Fixtures, type TestUser } from './support/fixtures';
import { userSchema, organizationWithRolesSchema } from './support/logto-schemas';
import { contractEmail, contractUsername, missingId, randomId, strongPassword } from './support/random';

const { api } = contractContext();
const fixtures = new Fixtures(api);
afterAll(() => fixtures.cleanup());

const userList = z.array(userSchema);
const NOT_FOUND = { code: 'entity.not_found', message: 'The resource does not exist.' };

describe('POST /api/users', () => {
  it('creates a user: 200 (not 201) with Logto\'s user object and no password material', async () => {
    const username = contractUsername();
    const primaryEmail = contractEmail();
    const response = await api.post('/api/users', {
      username,
      primaryEmail,
      password: strongPassword(),
      name: 'Dave Test',
    });
    const user = expectJson(response, 200, userSchema);
    fixtures.deleteLater(`/api/users/${user.id}`);
    expectNoSecretFields(response.json);

    expect(user).toMatchObject({
      username,
      primaryEmail,
      primaryPhone: null,
      name: 'Dave Test',
      avatar: null,
      customData: {},
      identities: {},
      lastSignInAt: null,
      profile: {},
      applicationId: null,
      isSuspended: false,
      hasPassword: true,
    });
    expect(user.id).toMatch(/^[a-z0-9]{12}$/);
    expect(user.updatedAt).toBe(user.createdAt);
  });

  it('without a password: hasPassword false', async () => {
    const user = expectJson(await api.post('/api/users', { username: contractUsername() }), 200, userSchema);
    fixtures.deleteLater(`/api/users/${user.id}`);
    expect(user).toMatchObject({ hasPassword: false, primaryEmail: null, name: null });
  });

  it('a username already in use: 422 user.username_already_in_use', async () => {
    const existing = await fixtures.createUser();
    expectLogtoError(await api.post('/api/users', { username: existing.username }), 422, {
      code: 'user.username_already_in_use',
      message: 'This username is already in use.',
    });
  });

  it('an e-mail already in use: 422 user.email_already_in_use', async () => {
    const existing = await fixtures.createUser();
    const response = await api.post('/api/users', { username: contractUsername(), primaryEmail: existing.primaryEmail });
    expectLogtoError(response, 422, { code: 'user.email_already_in_use' });
  });
});

describe('GET/PATCH/DELETE /api/users/:id', () => {
  let user: TestUser;

  beforeAll(async () => {
    user = await fixtures.createUser({ name: 'Before Patch' });
  });

  it('GET returns the user', async () => {
    const response = await api.get(`/api/users/${user.id}`);
    expect(expectJson(response, 200, userSchema)).toEqual(user.user);
    expectNoSecretFields(response.json);
  });

  it('GET of an unknown user: 404 entity.not_found', async () => {
    expectLogtoError(await api.get(`/api/users/${missingId()}`), 404, NOT_FOUND);
  });

  it('PATCH updates name and primaryEmail', async () => {
    const primaryEmail = contractEmail();
    const response = await api.patch(`/api/users/${user.id}`, { name: 'After Patch', primaryEmail });
    const patched = expectJson(response, 200, userSchema);
    expect(patched).toMatchObject({ ...user.user, name: 'After Patch', primaryEmail, updatedAt: patched.updatedAt });
    expect(patched.updatedAt).toBeGreaterThanOrEqual(user.user.updatedAt);
    expect(expectJson(await api.get(`/api/users/${user.id}`), 200, userSchema)).toEqual(patched);
  });

  it('PATCH to a username already in use: 422 user.username_already_in_use', async () => {
    const other = await fixtures.createUser();
    expectLogtoError(await api.patch(`/api/users/${user.id}`, { username: other.username }), 422, {
      code: 'user.username_already_in_use',
      message: 'This username is already in use.',
    });
  });

  it('GET /organizations of a user in no organization: []', async () => {
    const response = await api.get(`/api/users/${user.id}/organizations`);
    expect(expectJson(response, 200, z.array(organizationWithRolesSchema))).toEqual([]);
  });

  it('DELETE answers 204; then GET and DELETE are 404 entity.not_found', async () => {
    const doomed = await fixtures.createUser();
    expectNoContent(await api.delete(`/api/users/${doomed.id}`));
    expectLogtoError(await api.get(`/api/users/${doomed.id}`), 404, NOT_FOUND);
    expectLogtoError(await api.delete(`/api/users/${doomed.id}`), 404, NOT_FOUND);
  });
});

describe('GET /api/users', () => {
  // Usernames and names that only this file's users contain.
  const tag = randomId(8);
  let gina: TestUser;
  let frank: TestUser;
  let emma: TestUser;

  beforeAll(async () => {
    gina = await fixtures.createUser({ username: `contract_${tag}_gina`, name: `Gina ${tag}` });
    frank = await fixtures.createUser({ username: `contract_${tag}_frank`, name: `Frank ${tag}`, primaryEmail: null });
    emma = await fixtures.createUser({
      username: `contract_${tag}_emma`,
      name: `Emma ${tag}`,
      primaryEmail: `contract-${tag}-emma@example.com`,
    });
  });

  const ids = (users: z.infer<typeof userList>) => users.map((user) => user.id).sort();

  it('without parameters: 200 with Total-Number and Link', async () => {
    const response = await api.get('/api/users');
    const users = expectJson(response, 200, userList);
    expectNoSecretFields(response.json);
    const total = totalNumber(response);
    expect(total).toBeGreaterThanOrEqual(3);
    expect(users.length).toBe(Math.min(total, 20));
    expectPaginationHeaders(response, { path: '/api/users' }, { total });
  });

  it('search without wildcards is an exact (case-insensitive) match', async () => {
    const exact = expectJson(await api.get('/api/users', { search: gina.username }), 200, userList);
    expect(ids(exact)).toEqual([gina.id]);
    const partial = await api.get('/api/users', { search: `${tag}_gin` });
    expect(expectJson(partial, 200, userList)).toEqual([]);
    expect(totalNumber(partial)).toBe(0);
  });

  it('search with % wildcards is an ILIKE match over username, name and e-mail', async () => {
    const query = { search: `%${tag}%` };
    const response = await api.get('/api/users', query);
    expect(ids(expectJson(response, 200, userList))).toEqual([gina.id, frank.id, emma.id].sort());
    expectPaginationHeaders(response, { path: '/api/users', query }, { total: 3 });

    const byName = expectJson(await api.get('/api/users', { search: `%Gina ${tag}%` }), 200, userList);
    expect(ids(byName)).toEqual([gina.id]);
    const byEmail = expectJson(await api.get('/api/users', { search: `%${tag}-emma@example.com` }), 200, userList);
    expect(ids(byEmail)).toEqual([emma.id]);
  });

  it('search is case-insensitive unless isCaseSensitive=true', async () => {
    const upper = `%${tag.toUpperCase()}_GINA%`;
    expect(ids(expectJson(await api.get('/api/users', { search: upper }), 200, userList))).toEqual([gina.id]);
    const sensitive = await api.get('/api/users', { search: upper, isCaseSensitive: 'true' });
    expect(expectJson(sensitive, 200, userList)).toEqual([]);
  });

  it('search.<field> and mode.<field>=exact', async () => {
    const byUsername = expectJson(await api.get('/api/users', { 'search.username': `%${tag}_fr%` }), 200, userList);
    expect(ids(byUsername)).toEqual([frank.id]);
    const byEmail = expectJson(
      await api.get('/api/users', { 'search.primaryEmail': `%${tag}-emma@example.com` }),
      200,
      userList,
    );
    expect(ids(byEmail)).toEqual([emma.id]);
    const exact = expectJson(
      await api.get('/api/users', { 'search.username': emma.username, 'mode.username': 'exact' }),
      200,
      userList,
    );
    expect(ids(exact)).toEqual([emma.id]);
  });

  it('joint=and / joint=or combine field searches', async () => {
    const both = expectJson(
      await api.get('/api/users', {
        'search.username': `%${tag}%`,
        'search.name': `%Frank%`,
        joint: 'and',
      }),
      200,
      userList,
    );
    expect(ids(both)).toEqual([frank.id]);
    const either = expectJson(
      await api.get('/api/users', {
        'search.username': `%${tag}_gina%`,
        'search.name': `%Emma ${tag}%`,
        joint: 'or',
      }),
      200,
      userList,
    );
    expect(ids(either)).toEqual([gina.id, emma.id].sort());
  });

  it('search paginates with page/page_size', async () => {
    const path = '/api/users';
    const seen: string[] = [];
    for (const page of ['1', '2']) {
      const query = { search: `%${tag}%`, page, page_size: '2' };
      const response = await api.get(path, query);
      const users = expectJson(response, 200, userList);
      expect(users).toHaveLength(page === '1' ? 2 : 1);
      seen.push(...users.map((user) => user.id));
      expectPaginationHeaders(response, { path, query }, { total: 3 });
    }
    expect(seen.sort()).toEqual([gina.id, frank.id, emma.id].sort());
  });

  it('q is not a search parameter for users: it is ignored', async () => {
    const all = await api.get('/api/users', { page_size: 1 });
    const withQ = await api.get('/api/users', { q: gina.username, page_size: 1 });
    expectJson(withQ, 200, userList);
    expect(totalNumber(withQ)).toBe(totalNumber(all));
  });

  it('an unknown search field: 400 request.invalid_input', async () => {
    expectLogtoError(await api.get('/api/users', { 'search.password': 'x' }), 400, {
      code: 'request.invalid_input',
      message:
        'Input is invalid. Search field `password` is not valid, expect one of id, primary_email, primary_phone, username, name.',
    });
  });

  it('an unknown search mode: 400 request.invalid_input', async () => {
    expectLogtoError(await api.get('/api/users', { 'search.username': 'x', 'mode.username': 'regex' }), 400, {
      code: 'request.invalid_input',
      message:
        'Input is invalid. Search match mode `regex` for field `username` is not valid, expect one of exact, like, similar_to, posix.',
    });
  });

  it('a deleted user is no longer found', async () => {
    const doomed = await fixtures.createUser({ username: `contract_${tag}_gone` });
    expect(ids(expectJson(await api.get('/api/users', { search: doomed.username }), 200, userList))).toEqual([doomed.id]);
    expectNoContent(await api.delete(`/api/users/${doomed.id}`));
    expect(expectJson(await api.get('/api/users', { search: doomed.username }), 200, userList)).toEqual([]);
  });
});
