import { randomUUID } from 'node:crypto';

import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { issueInEnglish } from '@/i18n/english';
import type { Database } from '@/lib/db/connect';
import { activityLog, organizationCreations } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import { describeEachDatabase } from '@/tests/support/databases';
import { faultyFetch, logtoInternalError } from '@/tests/support/faults';
import { useLocalLogto } from '@/tests/support/local-logto';
import { createTestUser, managementApiFor } from '@/tests/support/logto-admin';

import { createOrganization, createOrganizationSchema, CREATION_KEY_FIELD, STALE_CREATION_MS, type CreateOrganizationDeps } from './create-organization';

describe('createOrganizationSchema', () => {
  const key = randomUUID();
  it.each([
    [{ name: '  Acme  ', idempotencyKey: key }, { name: 'Acme', description: null, idempotencyKey: key }],
    [{ name: 'A', description: '  ', idempotencyKey: key }, { name: 'A', description: null, idempotencyKey: key }],
    [{ name: 'x'.repeat(128), description: 'd'.repeat(256), idempotencyKey: key }, { name: 'x'.repeat(128), description: 'd'.repeat(256), idempotencyKey: key }],
  ])('accepts %j', (input, expected) => {
    expect(createOrganizationSchema.parse(input)).toEqual(expected);
  });

  it.each([
    ['an empty name', { name: '', idempotencyKey: key }, 'name', 'Enter a name for the organization.'],
    ['a blank name', { name: '   ', idempotencyKey: key }, 'name', 'Enter a name for the organization.'],
    ['a missing name', { idempotencyKey: key }, 'name', 'Enter a name for the organization.'],
    ['a 129-character name', { name: 'x'.repeat(129), idempotencyKey: key }, 'name', 'Use at most 128 characters.'],
    ['a 257-character description', { name: 'A', description: 'd'.repeat(257), idempotencyKey: key }, 'description', 'Use at most 256 characters.'],
    ['a forged key', { name: 'A', idempotencyKey: 'not-a-uuid' }, 'idempotencyKey', 'This form expired. Reload the page and submit again.'],
  ])('refuses %s with a message for that field', (_name, input, field, message) => {
    const result = createOrganizationSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: [field] })]);
    expect(result.error?.issues.map(issueInEnglish)).toEqual([message]);
  });
});

const logto = useLocalLogto();

describeEachDatabase('createOrganization against the local Logto', (getDb) => {
  let userId: string;
  beforeAll(async () => {
    userId = (await createTestUser(logto().endpoint)).id;
  });

  const deps = (overrides: Partial<CreateOrganizationDeps> = {}): CreateOrganizationDeps => ({
    api: managementApiFor(logto().endpoint),
    db: getDb(),
    maxOwnedOrganizations: 10,
    ...overrides,
  });
  const input = (name = `Org ${randomUUID().slice(0, 8)}`) => ({ name, description: 'Test org', idempotencyKey: randomUUID() });
  const ownedOrganizations = async (user: string) =>
    (await managementApiFor(logto().endpoint).users.organizations(user)).filter((organization) =>
      organization.organizationRoles.some((role) => role.name === 'owner'),
    );
  const creationsOf = (db: Database, key: string) =>
    db.select().from(organizationCreations).where(eq(organizationCreations.idempotencyKey, key));

  it('creates the organization, makes the creator its owner and logs it', async () => {
    const request = input();
    const { organizationId, created } = await createOrganization(deps(), userId, request);
    expect(created).toBe(true);

    const api = managementApiFor(logto().endpoint);
    const organization = await api.organizations.get(organizationId);
    expect(organization).toMatchObject({ name: request.name, description: 'Test org', customData: { createdBy: userId } });
    const roles = await api.organizations.getUserRoles(organizationId, userId);
    expect(roles.map((role) => role.name)).toEqual(['owner']);

    const activity = await getDb().select().from(activityLog).where(eq(activityLog.organizationId, organizationId));
    expect(activity).toEqual([expect.objectContaining({ action: 'organization.created', actorId: userId })]);
    expect(await creationsOf(getDb(), request.idempotencyKey)).toEqual([
      expect.objectContaining({ status: 'succeeded', organizationId }),
    ]);
  });

  it('makes exactly one organization for a double submit with the same key', async () => {
    const user = (await createTestUser(logto().endpoint)).id;
    const request = input();
    const results = await Promise.all([
      createOrganization(deps(), user, request),
      createOrganization(deps(), user, request),
    ]);
    expect(results[0]?.organizationId).toBe(results[1]?.organizationId);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(await ownedOrganizations(user)).toHaveLength(1);

    // A retried request later still lands on the same organization.
    const again = await createOrganization(deps(), user, request);
    expect(again).toEqual({ organizationId: results[0]?.organizationId, created: false });
  });

  it('refuses to go past the quota and creates nothing', async () => {
    const user = (await createTestUser(logto().endpoint)).id;
    await createOrganization(deps({ maxOwnedOrganizations: 2 }), user, input());
    await createOrganization(deps({ maxOwnedOrganizations: 2 }), user, input());
    const third = input();
    const error = await createOrganization(deps({ maxOwnedOrganizations: 2 }), user, third).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'quota_exceeded' });
    expect(await ownedOrganizations(user)).toHaveLength(2);
    expect(await creationsOf(getDb(), third.idempotencyKey)).toEqual([]);
  });

  it.each([
    ['adding the creator as a member', { method: 'POST', path: /^\/api\/organizations\/[^/]+\/users$/ }],
    ['assigning the owner role', { method: 'POST', path: /^\/api\/organizations\/[^/]+\/users\/[^/]+\/roles$/ }],
  ])('deletes the organization again when %s fails', async (_step, fault) => {
    const user = (await createTestUser(logto().endpoint)).id;
    const faults = faultyFetch([{ ...fault, respond: logtoInternalError }]);
    const request = input(`Doomed ${randomUUID().slice(0, 8)}`);
    const error = await createOrganization(deps({ api: managementApiFor(logto().endpoint, { fetch: faults.fetch }) }), user, request).catch(
      (caught: unknown) => caught,
    );
    expect(faults.hits).toHaveLength(1);
    expect(error).toMatchObject({ code: 'upstream_failed', message: expect.stringContaining('nothing was created') });

    const api = managementApiFor(logto().endpoint);
    const { data: leftovers } = await api.request('GET', '/organizations', { query: { q: request.name }, schema: z.array(z.unknown()) });
    expect(leftovers).toEqual([]);
    expect(await api.users.organizations(user)).toEqual([]);
    // The key is released: submitting the same form again (Logto healthy now) works.
    const retried = await createOrganization(deps(), user, request);
    expect(retried.created).toBe(true);
  });

  describe('a claim whose submission died (crash between claiming the key and finishing)', () => {
    const stale = () => new Date(Date.now() - STALE_CREATION_MS - 60_000);

    it('stops counting against the quota once it is older than the bound', async () => {
      const user = (await createTestUser(logto().endpoint)).id;
      const limited = deps({ maxOwnedOrganizations: 1 });
      // A claim in flight right now counts: the quota of 1 is taken.
      await getDb().insert(organizationCreations).values({ idempotencyKey: randomUUID(), userId: user, status: 'pending' });
      await expect(createOrganization(limited, user, input())).rejects.toMatchObject({ code: 'quota_exceeded' });
      // The same claim, stale, does not.
      await getDb().update(organizationCreations).set({ createdAt: stale() }).where(eq(organizationCreations.userId, user));
      const { created } = await createOrganization(limited, user, input());
      expect(created).toBe(true);
    });

    it('lets a retry with the same key start over, removing the organization the dead submission made', async () => {
      const user = (await createTestUser(logto().endpoint)).id;
      const request = input(`Crashed ${randomUUID().slice(0, 8)}`);
      const api = managementApiFor(logto().endpoint);
      // What the dead submission left: its claim, and an organization in Logto without its owner.
      await getDb().insert(organizationCreations).values({ idempotencyKey: request.idempotencyKey, userId: user, status: 'pending', createdAt: stale() });
      const orphan = await api.organizations.create({ name: request.name, customData: { createdBy: user, [CREATION_KEY_FIELD]: request.idempotencyKey } });

      const { organizationId, created } = await createOrganization(deps({ waitForDuplicateMs: 500 }), user, request);
      expect(created).toBe(true);
      expect(organizationId).not.toBe(orphan.id);
      const { data: named } = await api.request('GET', '/organizations', { query: { q: request.name }, schema: z.array(z.object({ id: z.string() })) });
      expect(named.map(({ id }) => id)).toEqual([organizationId]);
      expect((await ownedOrganizations(user)).map(({ id }) => id)).toEqual([organizationId]);
      expect(await creationsOf(getDb(), request.idempotencyKey)).toEqual([expect.objectContaining({ status: 'succeeded', organizationId })]);
    });

    it('still makes a retry wait, and then refuse, while the claim is fresh', async () => {
      const user = (await createTestUser(logto().endpoint)).id;
      const request = input();
      await getDb().insert(organizationCreations).values({ idempotencyKey: request.idempotencyKey, userId: user, status: 'pending' });
      await expect(createOrganization(deps({ waitForDuplicateMs: 300 }), user, request)).rejects.toMatchObject({ code: 'conflict' });
      expect(await ownedOrganizations(user)).toEqual([]);
    });
  });

  it('creates nothing and says Logto is unreachable when the Management API is down', async () => {
    const user = (await createTestUser(logto().endpoint)).id;
    const request = input();
    const down = managementApiFor('http://127.0.0.1:9', { timeoutMs: 2_000 });
    const error = await createOrganization(deps({ api: down }), user, request).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'upstream_unavailable', message: expect.stringContaining('not reachable') });
    expect(await ownedOrganizations(user)).toEqual([]);
    expect(await creationsOf(getDb(), request.idempotencyKey)).toEqual([]);
  });
});
