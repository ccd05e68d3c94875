import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import { apiKeys } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import { AccessTokenError, accessTokenVerifierFor } from '@/lib/logto/access-token';
import { isOrganizationTokenRevoked } from '@/lib/mirror/revocations';
import { listActivity } from '@/lib/organizations/activity';
import { createProject } from '@/lib/projects/projects';
import { describeEachDatabase } from '@/tests/support/databases';
import { useLocalLogto } from '@/tests/support/local-logto';
import { deleteOrganization } from '@/lib/organizations/settings';
import { accessFor, organizationFixtures, tokenRecorder } from '@/tests/support/organization-fixtures';
import { englishPeopleNames } from '@/tests/support/people-names';

import { ApiKeyNameTakenError, createApiKey, listApiKeys, noteApiKeyUse, revokeApiKey, type ApiKeyDeps } from './api-keys';
import { createApiKeySchema } from './schemas';

describe('createApiKeySchema', () => {
  it.each([
    [{ name: '  CI deploy ', role: 'member' }, { name: 'CI deploy', role: 'member' }],
    [{ name: 'Reports', role: 'viewer' }, { name: 'Reports', role: 'viewer' }],
  ])('accepts %j', (input, expected) => {
    expect(createApiKeySchema.parse(input)).toEqual(expected);
  });

  it.each([
    ['an empty name', { name: '   ', role: 'member' }, 'name'],
    ['a long name', { name: 'x'.repeat(65), role: 'member' }, 'name'],
    ['a control character', { name: 'a\u0007b', role: 'member' }, 'name'],
    ['the admin role', { name: 'Key', role: 'admin' }, 'role'],
    ['the owner role', { name: 'Key', role: 'owner' }, 'role'],
    ['a missing role', { name: 'Key' }, 'role'],
  ])('refuses %s', (_what, input, field) => {
    const result = createApiKeySchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path[0])).toEqual([field]);
  });
});

const logto = useLocalLogto();

/** What a key's holder does: client_credentials with organization_id (and the key's scopes). */
async function organizationTokenOf(endpoint: string, key: { clientId: string; clientSecret: string; scopes: string[] }, organizationId: string) {
  const response = await fetch(`${endpoint}/oidc/token`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${key.clientId}:${key.clientSecret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', organization_id: organizationId, scope: key.scopes.join(' ') }),
  });
  return { status: response.status, body: (await response.json()) as { access_token?: string; scope?: string; error?: string } };
}

describeEachDatabase('API keys against the local Logto', (getDb) => {
  let fx: ReturnType<typeof organizationFixtures>;
  const deps = (maxKeys = 5): ApiKeyDeps => ({ api: fx.api, db: getDb(), maxKeys });
  const verify = (token: string, organizationId: string, scopes: ('read:projects' | 'write:projects')[]) =>
    accessTokenVerifierFor(logto().endpoint).verifyOrganizationToken(token, organizationId, scopes);

  beforeAll(() => {
    fx = organizationFixtures(logto().endpoint);
  });

  async function team() {
    const [owner, admin, member] = await Promise.all([fx.user('Owner'), fx.user('Admin'), fx.user('Member')]);
    const organizationId = await fx.organization([
      [owner, 'owner'],
      [admin, 'admin'],
      [member, 'member'],
    ]);
    return { organizationId, owner, admin, member };
  }

  it('creates a key whose secret gets organization tokens with its role\'s scopes, for its organization only', async () => {
    const { organizationId, admin } = await team();
    const otherOrganization = await fx.organization([]);
    const key = await createApiKey(deps(), accessFor(admin, organizationId, 'admin'), { name: 'CI deploy', role: 'member' });
    expect(key.scopes.sort()).toEqual(['read:members', 'read:projects', 'write:projects']);

    const granted = await organizationTokenOf(logto().endpoint, key, organizationId);
    expect(granted.status).toBe(200);
    const token = granted.body.access_token ?? '';
    const verified = await verify(token, organizationId, ['read:projects', 'write:projects']);
    expect(verified).toMatchObject({ userId: key.clientId, clientId: key.clientId, subjectType: 'application', organizationId });

    // Another organization: Logto issues nothing, and this token is refused there (401 invalid_token).
    expect((await organizationTokenOf(logto().endpoint, key, otherOrganization)).status).toBe(403);
    const refusal = await verify(token, otherOrganization, ['read:projects']).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AccessTokenError);
    expect((refusal as AccessTokenError).toBearerChallenge()).toMatchObject({ error: 'invalid_token' });

    const [listed] = await listApiKeys({ ...deps(), names: englishPeopleNames }, accessFor(admin, organizationId, 'admin'));
    expect(listed).toMatchObject({ id: key.id, name: 'CI deploy', role: 'member', clientId: key.clientId, createdBy: { id: admin.id, name: admin.name }, lastUsedAt: null });
    expect(listed).not.toHaveProperty('clientSecret');
  });

  it('a viewer key gets read scopes only', async () => {
    const { organizationId, owner } = await team();
    const key = await createApiKey(deps(), accessFor(owner, organizationId, 'owner'), { name: 'Reports', role: 'viewer' });
    const granted = await organizationTokenOf(logto().endpoint, { ...key, scopes: ['read:projects', 'write:projects'] }, organizationId);
    expect(granted.body.scope?.split(' ')).toEqual(['read:projects']);
  });

  it('is for owners and admins: a member is refused and nothing is made', async () => {
    const { organizationId, member } = await team();
    await expect(createApiKey(deps(), accessFor(member, organizationId, 'member'), { name: 'Mine', role: 'viewer' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(listApiKeys({ ...deps(), names: englishPeopleNames }, accessFor(member, organizationId, 'member'))).rejects.toMatchObject({ code: 'forbidden' });
    expect(await getDb().select().from(apiKeys).where(eq(apiKeys.organizationId, organizationId))).toEqual([]);
  });

  it('counts active keys against the organization\'s limit, also when requests race; revoking frees a slot', async () => {
    const { organizationId, owner } = await team();
    const access = accessFor(owner, organizationId, 'owner');
    const results = await Promise.allSettled([1, 2, 3].map((n) => createApiKey(deps(2), access, { name: `Key ${n}`, role: 'viewer' })));
    const created = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    expect(created).toHaveLength(2);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(AppError);
    expect(refused[0]).toMatchObject({ code: 'quota_exceeded' });
    expect(await listApiKeys({ ...deps(2), names: englishPeopleNames }, access)).toHaveLength(2);

    await revokeApiKey(deps(2), access, { keyId: created[0]?.id });
    await expect(createApiKey(deps(2), access, { name: 'Key 4', role: 'viewer' })).resolves.toMatchObject({ name: 'Key 4' });
  });

  it('refuses a second active key with the same name (any case)', async () => {
    const { organizationId, owner } = await team();
    const access = accessFor(owner, organizationId, 'owner');
    await createApiKey(deps(), access, { name: 'Deploy', role: 'viewer' });
    await expect(createApiKey(deps(), access, { name: 'deploy', role: 'member' })).rejects.toBeInstanceOf(ApiKeyNameTakenError);
  });

  it('revocation deletes the Logto app and refuses the tokens the key already has', async () => {
    const { organizationId, admin, owner } = await team();
    const key = await createApiKey(deps(), accessFor(owner, organizationId, 'owner'), { name: 'Soon gone', role: 'member' });
    const token = (await organizationTokenOf(logto().endpoint, key, organizationId)).body.access_token ?? '';
    const { issuedAt } = await verify(token, organizationId, ['read:projects']);
    expect(await isOrganizationTokenRevoked(getDb(), organizationId, key.clientId, issuedAt)).toBe(false);

    await expect(revokeApiKey(deps(), accessFor(admin, organizationId, 'admin'), { keyId: key.id })).resolves.toEqual({ name: 'Soon gone' });

    expect(await isOrganizationTokenRevoked(getDb(), organizationId, key.clientId, issuedAt)).toBe(true);
    const again = await organizationTokenOf(logto().endpoint, key, organizationId);
    expect(again.body.error).toBe('invalid_client');
    expect(await listApiKeys({ ...deps(), names: englishPeopleNames }, accessFor(admin, organizationId, 'admin'))).toEqual([]);
    await expect(revokeApiKey(deps(), accessFor(admin, organizationId, 'admin'), { keyId: key.id })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('cannot revoke another organization\'s key through this one', async () => {
    const { organizationId, owner } = await team();
    const other = await team();
    const key = await createApiKey(deps(), accessFor(other.owner, other.organizationId, 'owner'), { name: 'Theirs', role: 'viewer' });
    await expect(revokeApiKey(deps(), accessFor(owner, organizationId, 'owner'), { keyId: key.id })).rejects.toMatchObject({ code: 'not_found' });
    expect((await organizationTokenOf(logto().endpoint, key, other.organizationId)).status).toBe(200);
  });

  it('the activity log names the key as the actor of what it did, also after revocation', async () => {
    const { organizationId, owner } = await team();
    const access = accessFor(owner, organizationId, 'owner');
    const key = await createApiKey(deps(), access, { name: 'Nightly import', role: 'member' });
    // What the projects route does for a key's request: the token's subject is the actor.
    await createProject(getDb(), organizationId, key.clientId, { name: 'Imported', description: null });
    await revokeApiKey(deps(), access, { keyId: key.id });

    const { items } = await listActivity({ api: fx.api, db: getDb(), names: englishPeopleNames }, access);
    const byAction = new Map(items.map((item) => [item.action, item]));
    expect(byAction.get('project.created')?.actor).toEqual({ id: key.clientId, name: 'API key “Nightly import”' });
    expect(byAction.get('api_key.created')).toMatchObject({ actor: { id: owner.id, name: owner.name }, summary: 'created the API key “Nightly import” with the member role' });
    expect(byAction.get('api_key.revoked')?.summary).toBe('revoked the API key “Nightly import”');
  });

  it('a creation that died half-way holds its slot for five minutes only', async () => {
    const { organizationId, owner } = await team();
    const access = accessFor(owner, organizationId, 'owner');
    await getDb().insert(apiKeys).values({ id: 'stale-pending', organizationId, name: 'Crashed', role: 'viewer', createdBy: owner.id, createdAt: new Date(Date.now() - 6 * 60_000) });
    await getDb().insert(apiKeys).values({ id: 'fresh-pending', organizationId, name: 'In flight', role: 'viewer', createdBy: owner.id });
    await expect(createApiKey(deps(2), access, { name: 'Next', role: 'viewer' })).resolves.toMatchObject({ name: 'Next' });
    await expect(createApiKey(deps(2), access, { name: 'One more', role: 'viewer' })).rejects.toMatchObject({ code: 'quota_exceeded' });
    expect((await listApiKeys({ ...deps(2), names: englishPeopleNames }, access)).map((key) => key.name)).toEqual(['Next']);
  });

  it('deleting the organization in the app deletes its keys\' Logto apps and records', async () => {
    const { organizationId, owner } = await team();
    const access = accessFor(owner, organizationId, 'owner');
    const key = await createApiKey(deps(), access, { name: 'Orphan-to-be', role: 'viewer' });
    const organizationName = (await fx.api.organizations.get(organizationId)).name;
    await deleteOrganization({ api: fx.api, db: getDb(), tokens: tokenRecorder().tokens }, access, { confirmName: organizationName });
    await expect(fx.api.applications.get(key.clientId)).rejects.toMatchObject({ status: 404 });
    expect(await getDb().select().from(apiKeys).where(eq(apiKeys.organizationId, organizationId))).toEqual([]);
  });

  it('notes the last use at most once a minute per key', async () => {
    const { organizationId, owner } = await team();
    const key = await createApiKey(deps(), accessFor(owner, organizationId, 'owner'), { name: 'Busy', role: 'viewer' });
    const lastUsed = async () => (await getDb().select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, key.id)))[0]?.at?.getTime();
    const start = Date.UTC(2030, 0, 1);
    await noteApiKeyUse(getDb(), organizationId, key.clientId, start);
    expect(await lastUsed()).toBe(start);
    await noteApiKeyUse(getDb(), organizationId, key.clientId, start + 30_000);
    expect(await lastUsed()).toBe(start);
    await noteApiKeyUse(getDb(), organizationId, key.clientId, start + 61_000);
    expect(await lastUsed()).toBe(start + 61_000);
    // Another organization's id never touches this key.
    await noteApiKeyUse(getDb(), 'another-org', key.clientId, start + 200_000);
    expect(await lastUsed()).toBe(start + 61_000);
  });
});
