import { randomUUID } from 'node:crypto';

import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import { activityLog, logtoWebhookDeliveries, mirroredOrganizations, organizationCreations, projects } from '@/lib/db/schema';
import { ORGANIZATION_ROLES } from '@/lib/auth/scopes';
import { LOCAL_LOGTO_DEFAULTS } from '@/lib/env';
import { createMirror } from '@/lib/mirror/mirror';
import { mirrorReadApi } from '@/lib/mirror/mirrored-api';
import { isOrganizationTokenRevoked } from '@/lib/mirror/revocations';
import { recordActivity } from '@/lib/organizations/activity';
import { createProject } from '@/lib/projects/projects';
import { describeEachDatabase } from '@/tests/support/databases';
import { managementApiFor } from '@/tests/support/logto-admin';
import { useLocalLogto } from '@/tests/support/local-logto';
import { organizationFixtures } from '@/tests/support/organization-fixtures';

import { processPendingDeliveries, receiveLogtoWebhook, type WebhookDeps } from './deliveries';
import { interpretDelivery } from './logto-events';
import { signLogtoWebhookBody } from './signature';

const KEY = LOCAL_LOGTO_DEFAULTS.LOGTO_WEBHOOK_SIGNING_KEY;
const HOOK_ID = 'testhook0000000000001';

/** A body shaped like Logto's deliveries (samples 93 and 96), unique per call. */
function deliveryBody(event: string, fields: Record<string, unknown>) {
  return { event, createdAt: new Date().toISOString(), userAgent: 'test', ip: '127.0.0.1', hookId: HOOK_ID, nonce: randomUUID(), ...fields };
}

const seconds = () => Math.floor(Date.now() / 1000);

describe('interpretDelivery', () => {
  it.each([
    [deliveryBody('Organization.Data.Updated', { path: '/organizations/o1', method: 'PATCH', params: { id: 'o1' }, data: { id: 'o1', name: 'x' } }), { kind: 'organization.changed', organizationId: 'o1' }],
    [deliveryBody('Organization.Deleted', { path: '/organizations/o1', method: 'DELETE', params: { id: 'o1' } }), { kind: 'organization.deleted', organizationId: 'o1' }],
    [
      deliveryBody('Organization.Membership.Updated', { path: '/organizations/o1/users/u1', method: 'DELETE', params: { id: 'o1', userId: 'u1' }, organizationId: 'o1' }),
      { kind: 'organization.membership', organizationId: 'o1', removedUserId: 'u1' },
    ],
    [
      deliveryBody('Organization.Membership.Updated', { path: '/organizations/o1/users', method: 'POST', params: { id: 'o1' }, organizationId: 'o1' }),
      { kind: 'organization.membership', organizationId: 'o1', removedUserId: null },
    ],
    [deliveryBody('User.Deleted', { path: '/users/u1', method: 'DELETE', params: { userId: 'u1' }, data: { id: 'u1' } }), { kind: 'user.deleted', userId: 'u1' }],
    [deliveryBody('User.Data.Updated', { path: '/users/u1', method: 'PATCH', params: { userId: 'u1' }, data: { id: 'u1' } }), { kind: 'user.changed', userId: 'u1' }],
    [
      deliveryBody('User.SuspensionStatus.Updated', { path: '/users/u1/is-suspended', method: 'PATCH', params: { userId: 'u1' }, data: { id: 'u1', isSuspended: true } }),
      { kind: 'user.suspension', userId: 'u1' },
    ],
    [deliveryBody('OrganizationRole.Scopes.Updated', { path: '/organization-roles/r1/scopes', method: 'POST', params: { id: 'r1' } }), { kind: 'roles.changed' }],
    [deliveryBody('OrganizationScope.Deleted', { path: '/organization-scopes/s1', method: 'DELETE', params: { id: 's1' } }), { kind: 'roles.changed' }],
    [deliveryBody('Organization.Deleted', { path: '/fake-path/:id', method: 'POST', params: { id: 'fake-id' }, data: { result: 'success' } }), { kind: 'ignored', reason: 'test delivery' }],
    [deliveryBody('Role.Created', { path: '/roles', method: 'POST', params: {} }), { kind: 'ignored', reason: 'event Role.Created is not used' }],
    [deliveryBody('Organization.Deleted', { path: '/organizations', method: 'DELETE', params: {} }), { kind: 'ignored', reason: 'no organization id' }],
  ])('%j', (body, expected) => {
    expect(interpretDelivery(body)).toEqual(expected);
  });
});

const logto = useLocalLogto();

describeEachDatabase('Logto webhook deliveries', (getDb) => {
  let fx: ReturnType<typeof organizationFixtures>;
  const forgotten: string[] = [];
  const endedSessions: string[] = [];
  const failingUsers = new Set<string>();

  function deps(): WebhookDeps {
    const mirror = createMirror({ db: getDb(), api: managementApiFor(logto().endpoint), ttlMs: 60_000 });
    return {
      db: getDb(),
      mirror,
      sessions: {
        forgetOrganizationTokens: async (userId, organizationId) => forgotten.push(`${userId}@${organizationId}`),
        deleteUserSessions: async (userId) => {
          if (failingUsers.has(userId)) throw new Error(`sessions of ${userId} could not be ended`);
          endedSessions.push(userId);
        },
      },
    };
  }

  async function deliver(body: object, { key = KEY, signingKeys = [KEY] }: { key?: string; signingKeys?: string[] } = {}) {
    const rawBody = new TextEncoder().encode(JSON.stringify(body));
    return receiveLogtoWebhook({ db: getDb(), rawBody, signature: signLogtoWebhookBody(rawBody, key), signingKeys });
  }

  const deliveryCount = async () => (await getDb().select().from(logtoWebhookDeliveries)).length;

  beforeAll(() => {
    fx = organizationFixtures(logto().endpoint);
  });

  it('refuses a delivery without a valid signature and records nothing', async () => {
    const before = await deliveryCount();
    const body = deliveryBody('Organization.Deleted', { params: { id: 'o1' } });
    const rawBody = new TextEncoder().encode(JSON.stringify(body));

    expect(await receiveLogtoWebhook({ db: getDb(), rawBody, signature: null, signingKeys: [KEY] })).toMatchObject({ status: 401, accepted: false });
    expect((await deliver(body, { key: 'another-key' })).status).toBe(401);
    expect(await receiveLogtoWebhook({ db: getDb(), rawBody, signature: signLogtoWebhookBody(rawBody, KEY).slice(0, 40), signingKeys: [KEY] })).toMatchObject({ status: 401 });
    expect(await deliveryCount()).toBe(before);
  });

  it('answers 503 with a clear message while no signing key is configured', async () => {
    const result = await deliver(deliveryBody('Organization.Deleted', { params: { id: 'o1' } }), { signingKeys: [] });
    expect(result.status).toBe(503);
    expect(result.body).toMatchObject({ error: 'webhooks_not_configured' });
  });

  it('accepts the previous key during a rotation', async () => {
    const result = await deliver(deliveryBody('Role.Created', {}), { key: 'old-key', signingKeys: [KEY, 'old-key'] });
    expect(result).toMatchObject({ status: 202, accepted: true });
  });

  it('refuses a signed body that is not a delivery', async () => {
    const rawBody = new TextEncoder().encode('not json');
    const result = await receiveLogtoWebhook({ db: getDb(), rawBody, signature: signLogtoWebhookBody(rawBody, KEY), signingKeys: [KEY] });
    expect(result.status).toBe(400);
    expect((await deliver({ no: 'event' })).status).toBe(400);
  });

  it('applies a removal made in the Console: mirror, revocation record, session tokens; a retry has no second effect', async () => {
    const { owner, member, organizationId } = await fx.team();
    const { mirror } = deps();
    await mirror.refreshMembers(organizationId);
    const issuedBefore = seconds() - 5;

    await managementApiFor(logto().endpoint).organizations.removeUser(organizationId, member.id);
    const body = deliveryBody('Organization.Membership.Updated', {
      path: `/organizations/${organizationId}/users/${member.id}`,
      method: 'DELETE',
      status: 204,
      params: { id: organizationId, userId: member.id },
      matchedRoute: '/organizations/:id/users/:userId',
      organizationId,
    });
    expect(await deliver(body)).toMatchObject({ status: 202, accepted: true });
    await processPendingDeliveries(deps());

    expect(await isOrganizationTokenRevoked(getDb(), organizationId, member.id, issuedBefore)).toBe(true);
    expect(await isOrganizationTokenRevoked(getDb(), organizationId, owner.id, issuedBefore)).toBe(false);
    expect(forgotten).toContain(`${member.id}@${organizationId}`);
    const reads = mirrorReadApi(managementApiFor(logto().endpoint), async () => mirror);
    expect((await reads.users.organizations(member.id)).map((organization) => organization.id)).not.toContain(organizationId);

    const forgottenBefore = forgotten.length;
    expect(await deliver(body)).toMatchObject({ status: 200, body: { status: 'duplicate' }, accepted: false });
    expect(await processPendingDeliveries(deps())).toEqual([]);
    expect(forgotten.length).toBe(forgottenBefore);
  });

  it('revokes the member named by a removal even when the mirror never listed them', async () => {
    const { member, organizationId } = await fx.team();
    const issuedBefore = seconds() - 5;
    await managementApiFor(logto().endpoint).organizations.removeUser(organizationId, member.id);
    await deliver(
      deliveryBody('Organization.Membership.Updated', { method: 'DELETE', params: { id: organizationId, userId: member.id }, organizationId }),
    );
    await processPendingDeliveries(deps());
    expect(await isOrganizationTokenRevoked(getDb(), organizationId, member.id, issuedBefore)).toBe(true);
  });

  it('shows a rename made in the Console', async () => {
    const { organizationId } = await fx.team();
    const { mirror } = deps();
    await mirror.refreshOrganization(organizationId);
    const renamed = await managementApiFor(logto().endpoint).organizations.update(organizationId, { name: 'Renamed in the Console', branding: { logoUrl: 'https://cdn.example.com/logo.png' } });
    await deliver(deliveryBody('Organization.Data.Updated', { method: 'PATCH', params: { id: organizationId }, data: renamed }));
    await processPendingDeliveries(deps());

    const [row] = await getDb().select().from(mirroredOrganizations).where(eq(mirroredOrganizations.id, organizationId));
    expect(row).toMatchObject({ name: 'Renamed in the Console', branding: { logoUrl: 'https://cdn.example.com/logo.png' } });
  });

  it('removes a deleted organization\'s app data and mirror rows, idempotently', async () => {
    const { owner, organizationId } = await fx.team();
    const db = getDb();
    await deps().mirror.refreshMembers(organizationId);
    await createProject(db, organizationId, owner.id, { name: 'Doomed', description: null });
    await recordActivity(db, { organizationId, actorId: owner.id, action: 'organization.created' });
    await db.insert(organizationCreations).values({ idempotencyKey: randomUUID(), userId: owner.id, status: 'succeeded', organizationId });
    await managementApiFor(logto().endpoint).organizations.delete(organizationId);

    const body = deliveryBody('Organization.Deleted', { path: `/organizations/${organizationId}`, method: 'DELETE', status: 204, params: { id: organizationId } });
    await deliver(body);
    expect((await processPendingDeliveries(deps())).every((result) => result.ok)).toBe(true);
    // The same event again (as if Logto sent it twice with different bodies): no error, nothing left.
    await deliver({ ...body, createdAt: new Date(Date.now() + 1).toISOString() });
    expect((await processPendingDeliveries(deps())).every((result) => result.ok)).toBe(true);

    for (const table of [projects, activityLog, organizationCreations] as const) {
      expect(await db.select().from(table).where(eq(table.organizationId, organizationId))).toEqual([]);
    }
    expect(await db.select().from(mirroredOrganizations).where(eq(mirroredOrganizations.id, organizationId))).toEqual([]);
    expect(await isOrganizationTokenRevoked(db, organizationId, owner.id, seconds() - 5)).toBe(true);
    expect(forgotten).toContain(`${owner.id}@${organizationId}`);
  });

  it('ends a deleted user\'s sessions and memberships', async () => {
    const { viewer, organizationId } = await fx.team();
    const { mirror } = deps();
    await mirror.refreshUserOrganizations(viewer.id);
    await managementApiFor(logto().endpoint).request('DELETE', `/users/${viewer.id}`);
    await deliver(deliveryBody('User.Deleted', { method: 'DELETE', params: { userId: viewer.id }, data: { id: viewer.id } }));
    await processPendingDeliveries(deps());

    expect(endedSessions).toContain(viewer.id);
    expect(await isOrganizationTokenRevoked(getDb(), organizationId, viewer.id, seconds() - 5)).toBe(true);
    expect((await mirror.users([viewer.id])).get(viewer.id)).toBe('deleted');
  });

  it('ends a suspended user\'s sessions and refuses the organization tokens they hold; memberships stay', async () => {
    const { owner, member, organizationId } = await fx.team();
    const { mirror } = deps();
    await mirror.refreshMembers(organizationId);
    const issuedBefore = seconds() - 5;
    const api = managementApiFor(logto().endpoint);

    // Reinstating (or a suspension already lifted when the delivery is applied) changes nothing.
    await api.request('PATCH', `/users/${owner.id}/is-suspended`, { body: { isSuspended: false } });
    await deliver(deliveryBody('User.SuspensionStatus.Updated', { method: 'PATCH', params: { userId: owner.id }, data: { id: owner.id, isSuspended: false } }));
    await api.request('PATCH', `/users/${member.id}/is-suspended`, { body: { isSuspended: true } });
    await deliver(deliveryBody('User.SuspensionStatus.Updated', { method: 'PATCH', params: { userId: member.id }, data: { id: member.id, isSuspended: true } }));
    expect((await processPendingDeliveries(deps())).map((result) => result.ok)).toEqual([true, true]);

    expect(endedSessions).toContain(member.id);
    expect(endedSessions).not.toContain(owner.id);
    expect(await isOrganizationTokenRevoked(getDb(), organizationId, member.id, issuedBefore)).toBe(true);
    expect(await isOrganizationTokenRevoked(getDb(), organizationId, owner.id, issuedBefore)).toBe(false);
    const reads = mirrorReadApi(api, async () => mirror);
    expect((await reads.users.organizations(member.id)).map((organization) => organization.id)).toContain(organizationId);

    // Reinstated later: new tokens (issued after the revocation) work again.
    await api.request('PATCH', `/users/${member.id}/is-suspended`, { body: { isSuspended: false } });
    expect(await isOrganizationTokenRevoked(getDb(), organizationId, member.id, seconds() + 1)).toBe(false);
  });

  it('never lets one failing delivery block the next, and retries it later', async () => {
    const { organizationId } = await fx.team();
    const stuck = await fx.user('Stuck');
    failingUsers.add(stuck.id);
    await deliver(deliveryBody('User.Deleted', { method: 'DELETE', params: { userId: stuck.id } }));
    const renamed = await managementApiFor(logto().endpoint).organizations.update(organizationId, { name: 'After the failure' });
    await deliver(deliveryBody('Organization.Data.Updated', { method: 'PATCH', params: { id: organizationId }, data: renamed }));

    const results = await processPendingDeliveries(deps());
    expect(results.map((result) => result.ok)).toEqual([false, true]);
    const [row] = await getDb().select().from(mirroredOrganizations).where(eq(mirroredOrganizations.id, organizationId));
    expect(row?.name).toBe('After the failure');

    failingUsers.delete(stuck.id);
    expect((await processPendingDeliveries(deps())).map((result) => result.ok)).toEqual([true]);
    expect(endedSessions).toContain(stuck.id);
  });

  it('acknowledges unknown events and test deliveries without doing anything', async () => {
    expect(await deliver(deliveryBody('Role.Created', { params: {} }))).toMatchObject({ status: 202 });
    expect(await deliver(deliveryBody('Organization.Deleted', { path: '/fake-path/:id', params: { id: 'fake-id' } }))).toMatchObject({ status: 202 });
    expect((await processPendingDeliveries(deps())).map((result) => result.ok)).toEqual([true, true]);
  });

  // Last: a role losing a scope revokes every organization token issued before it.
  it('follows organization roles changed in the Console; a role that grants less refuses the tokens issued before', async () => {
    const api = managementApiFor(logto().endpoint);
    const applyAll = async () => expect((await processPendingDeliveries(deps())).every((result) => result.ok)).toBe(true);
    const mirrored = async () => deps().mirror.roleScopes();

    // Nothing read yet: the first read takes the template from Logto.
    expect([...((await mirrored()).get('member') ?? [])].sort()).toEqual([...ORGANIZATION_ROLES.member].sort());

    const scopeIds = new Map((await api.organizationScopes.listAll()).map((scope) => [scope.name, scope.id]));
    const scopeId = (name: string) => scopeIds.get(name) ?? '';
    const role = await api.organizationRoles.create({ name: `auditor-${randomUUID().slice(0, 8)}`, organizationScopeIds: [scopeId('read:projects')] });
    await deliver(deliveryBody('OrganizationRole.Created', { path: '/organization-roles', method: 'POST', params: {}, data: role }));
    await applyAll();
    expect((await mirrored()).get(role.name)).toEqual(['read:projects']);

    const issuedBefore = seconds() - 5;
    const revokedFor = (subject: string, issuedAt = issuedBefore) => isOrganizationTokenRevoked(getDb(), `org-of-${subject}`, subject, issuedAt);

    // More scopes: tokens issued before grant less than the role now does; nothing is refused.
    await api.organizationRoles.addScopes(role.id, [scopeId('read:members')]);
    await deliver(deliveryBody('OrganizationRole.Scopes.Updated', { path: `/organization-roles/${role.id}/scopes`, method: 'POST', params: { id: role.id } }));
    await applyAll();
    expect([...((await mirrored()).get(role.name) ?? [])].sort()).toEqual(['read:members', 'read:projects']);
    expect(await revokedFor('after-adding')).toBe(false);

    // A scope taken away: every organization's tokens issued until now are refused.
    await api.organizationRoles.removeScope(role.id, scopeId('read:projects'));
    await deliver(deliveryBody('OrganizationRole.Scopes.Updated', { path: `/organization-roles/${role.id}/scopes/x`, method: 'DELETE', params: { id: role.id } }));
    await applyAll();
    expect((await mirrored()).get(role.name)).toEqual(['read:members']);
    expect(await revokedFor('after-removing')).toBe(true);
    expect(await revokedFor('issued-later', seconds() + 1)).toBe(false);

    // Deleted: it grants nothing any more.
    await api.request('DELETE', `/organization-roles/${role.id}`);
    await deliver(deliveryBody('OrganizationRole.Deleted', { path: `/organization-roles/${role.id}`, method: 'DELETE', params: { id: role.id } }));
    await applyAll();
    expect((await mirrored()).has(role.name)).toBe(false);
  });
});
