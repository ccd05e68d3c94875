import { beforeAll, expect, it } from 'vitest';

import { listMembers } from '@/lib/organizations/members';
import { listPendingInvitations } from '@/lib/organizations/invitations/admin';
import { describeEachDatabase } from '@/tests/support/databases';
import { requestLine } from '@/tests/support/faults';
import { managementApiFor } from '@/tests/support/logto-admin';
import { useLocalLogto } from '@/tests/support/local-logto';
import { accessFor, organizationFixtures } from '@/tests/support/organization-fixtures';
import { englishPeopleNames } from '@/tests/support/people-names';

import { createMirror, ROLELESS_RECHECK_MS } from './mirror';
import { mirrorReadApi, writeThroughApi } from './mirrored-api';
import { isOrganizationTokenRevoked } from './revocations';

const logto = useLocalLogto();
const TTL_MS = 60_000;

/** A Management API client that counts the requests it sends to Logto (token requests included). */
function countingApi(endpoint: string) {
  const calls: string[] = [];
  const api = managementApiFor(endpoint, {
    fetch: (input, init) => {
      const { method, path } = requestLine(input, init);
      calls.push(`${method} ${path}`);
      return fetch(input, init);
    },
  });
  return { api, calls };
}

describeEachDatabase('the Logto mirror', (getDb) => {
  let fx: ReturnType<typeof organizationFixtures>;
  function setup() {
    // Real time, moved ahead by the tests that let entries expire.
    const clock = { offsetMs: 0 };
    const { api, calls } = countingApi(logto().endpoint);
    const mirror = createMirror({ db: getDb(), api, ttlMs: TTL_MS, now: () => Date.now() + clock.offsetMs });
    const getMirror = async () => mirror;
    return { api, calls, clock, mirror, reads: mirrorReadApi(api, getMirror), writes: writeThroughApi(api, getMirror) };
  }

  beforeAll(() => {
    fx = organizationFixtures(logto().endpoint);
  });

  it('reads a user\'s organizations from Logto once, then from the database until they expire', async () => {
    const { owner, viewer, organizationId } = await fx.team();
    const { reads, calls, clock } = setup();

    const first = await reads.users.organizations(viewer.id);
    expect(first.map((organization) => [organization.id, organization.organizationRoles.map((role) => role.name)])).toEqual([
      [organizationId, ['viewer']],
    ]);
    const afterFirst = calls.length;
    expect(afterFirst).toBeGreaterThan(0);

    expect(await reads.users.organizations(viewer.id)).toEqual(first);
    expect(await reads.users.organizations(owner.id)).toHaveLength(1);
    expect(calls.length).toBe(afterFirst + 1); // the owner's list, read once

    await reads.users.organizations(viewer.id);
    expect(calls.length).toBe(afterFirst + 1);

    clock.offsetMs += TTL_MS;
    await reads.users.organizations(viewer.id);
    expect(calls.slice(afterFirst + 1)).toEqual([`GET /api/users/${viewer.id}/organizations`]);
  });

  it('serves the members page (search, pages, roles) from the mirror with no call once warm', async () => {
    const { owner, organizationId, member } = await fx.team();
    const { reads, calls } = setup();
    const access = accessFor(owner, organizationId, 'owner');

    const all = await listMembers({ api: reads, names: englishPeopleNames }, access, { pageSize: 3 });
    expect(all.total).toBe(4);
    expect(all.pageCount).toBe(2);
    const warm = calls.length;

    const second = await listMembers({ api: reads, names: englishPeopleNames }, access, { page: 2, pageSize: 3 });
    expect(second.items).toHaveLength(1);
    const found = await listMembers({ api: reads, names: englishPeopleNames }, access, { q: member.email.toUpperCase() });
    expect(found.items.map((item) => [item.id, item.roles])).toEqual([[member.id, ['member']]]);
    expect((await listMembers({ api: reads, names: englishPeopleNames }, access, { q: '100%_' })).total).toBe(0);
    expect(calls.length).toBe(warm);
  });

  it('writes the app\'s own changes through, so the next read needs no call', async () => {
    const { owner, admin, member, organizationId } = await fx.team();
    const { reads, writes, calls } = setup();
    const access = accessFor(owner, organizationId, 'owner');
    await listMembers({ api: reads, names: englishPeopleNames }, access);
    await reads.users.organizations(member.id);
    await reads.organizations.get(organizationId);

    await writes.organizations.update(organizationId, { name: 'Renamed in the app' });
    await writes.organizations.setUserRolesByName(organizationId, admin.id, ['viewer']);
    await writes.organizations.removeUser(organizationId, member.id);
    const afterWrites = calls.length;

    expect((await reads.organizations.get(organizationId)).name).toBe('Renamed in the app');
    const members = await listMembers({ api: reads, names: englishPeopleNames }, access);
    expect(members.items.map((item) => [item.id, item.roles]).sort()).toEqual(
      expect.arrayContaining([[admin.id, ['viewer']]]),
    );
    expect(members.items.map((item) => item.id)).not.toContain(member.id);
    expect(await reads.users.organizations(member.id)).toEqual([]);
    expect(calls.length).toBe(afterWrites);
  });

  it('keeps a revocation record for who left or lost a role, never for a promotion', async () => {
    const { owner, admin, member, viewer, organizationId } = await fx.team();
    const { reads, writes } = setup();
    await listMembers({ api: reads, names: englishPeopleNames }, accessFor(owner, organizationId, 'owner'));
    const issuedBefore = Math.floor(Date.now() / 1000) - 5;

    await writes.organizations.removeUser(organizationId, member.id);
    await writes.organizations.setUserRolesByName(organizationId, admin.id, ['member']);
    await writes.organizations.setUserRolesByName(organizationId, viewer.id, ['viewer', 'member']);

    expect(await isOrganizationTokenRevoked(getDb(), organizationId, member.id, issuedBefore)).toBe(true);
    expect(await isOrganizationTokenRevoked(getDb(), organizationId, admin.id, issuedBefore)).toBe(true);
    expect(await isOrganizationTokenRevoked(getDb(), organizationId, viewer.id, issuedBefore)).toBe(false);
    expect(await isOrganizationTokenRevoked(getDb(), organizationId, owner.id, issuedBefore)).toBe(false);
    // A token issued after the change is fine (a second later: `iat` has one-second precision).
    expect(await isOrganizationTokenRevoked(getDb(), organizationId, admin.id, Math.floor(Date.now() / 1000) + 1)).toBe(false);
  });

  it('learns of a removal made elsewhere when the member list is read again', async () => {
    const { owner, member, organizationId } = await fx.team();
    const { mirror, reads } = setup();
    await listMembers({ api: reads, names: englishPeopleNames }, accessFor(owner, organizationId, 'owner'));
    const issuedBefore = Math.floor(Date.now() / 1000) - 5;

    // As the Console would: straight through the Management API.
    await managementApiFor(logto().endpoint).organizations.removeUser(organizationId, member.id);
    const diff = await mirror.refreshMembers(organizationId);

    expect(diff).toEqual({ added: [], removed: [member.id], demoted: [] });
    expect(await isOrganizationTokenRevoked(getDb(), organizationId, member.id, issuedBefore)).toBe(true);
    expect(await reads.users.organizations(member.id)).toEqual([]);
  });

  it('reads a member list again within seconds while a member has no role (added, the role not yet assigned)', async () => {
    const { owner, organizationId } = await fx.team();
    const joining = await fx.user('Joining');
    const { mirror, reads, calls, clock } = setup();
    const access = accessFor(owner, organizationId, 'owner');
    const roleOf = async () =>
      (await listMembers({ api: reads, names: englishPeopleNames }, access, { q: joining.id })).items.map((item) => item.roles);

    // As the Console does: add, then assign a role (which sends no event). The membership event
    // of the first step had the list read in between.
    const api = managementApiFor(logto().endpoint);
    await api.organizations.addUsers(organizationId, [joining.id]);
    await mirror.refreshMembers(organizationId);
    await api.organizations.addUserRolesByName(organizationId, joining.id, ['member']);
    expect(await roleOf()).toEqual([[]]);

    const before = calls.length;
    clock.offsetMs += ROLELESS_RECHECK_MS;
    expect(await roleOf()).toEqual([['member']]);
    expect(calls.length).toBeGreaterThan(before);

    // Everyone has a role again: the list is kept for the whole TTL.
    const settled = calls.length;
    clock.offsetMs += ROLELESS_RECHECK_MS;
    await roleOf();
    expect(calls.length).toBe(settled);
  });

  it('mirrors pending invitations, including the app\'s new ones', async () => {
    const { owner, organizationId } = await fx.team();
    const { reads, writes, calls } = setup();
    const access = accessFor(owner, organizationId, 'owner');
    expect(await listPendingInvitations({ api: reads }, access)).toEqual([]);

    await writes.invitations.create({
      invitee: `invitee-${Date.now()}@example.com`,
      organizationId,
      expiresAt: Date.now() + 86_400_000,
      organizationRoleIds: [],
      inviterId: owner.id,
    });
    const afterWrite = calls.length;
    expect(await listPendingInvitations({ api: reads }, access)).toHaveLength(1);
    expect(calls.length).toBe(afterWrite);
  });

  it('names a deleted user without asking Logto each time', async () => {
    const user = await fx.user('Gone');
    await managementApiFor(logto().endpoint).request('DELETE', `/users/${user.id}`);
    const { mirror, calls } = setup();

    expect((await mirror.users([user.id])).get(user.id)).toBe('deleted');
    const after = calls.length;
    expect((await mirror.users([user.id])).get(user.id)).toBe('deleted');
    expect(calls.length).toBe(after);
  });

  it('forgets an organization Logto no longer has', async () => {
    const { viewer, organizationId } = await fx.team();
    const { mirror, reads } = setup();
    await reads.users.organizations(viewer.id);
    await managementApiFor(logto().endpoint).organizations.delete(organizationId);

    expect(await mirror.refreshOrganization(organizationId)).toBeNull();
    expect(await reads.users.organizations(viewer.id)).toEqual([]);
    expect(await isOrganizationTokenRevoked(getDb(), organizationId, viewer.id, Math.floor(Date.now() / 1000) - 5)).toBe(true);
  });

  it('rebuilds itself from Logto (npm run logto:sync)', async () => {
    const { owner, member, organizationId } = await fx.team();
    const doomed = await fx.organization([[owner, 'owner']]);
    const { mirror, reads, calls } = setup();
    await reads.users.organizations(owner.id);
    await managementApiFor(logto().endpoint).organizations.delete(doomed);

    const result = await mirror.rebuild();
    expect(result.removed).toBeGreaterThanOrEqual(1);
    expect(result.organizations).toBeGreaterThanOrEqual(1);
    const afterRebuild = calls.length;
    expect((await reads.users.organizations(member.id)).map((organization) => organization.id)).toContain(organizationId);
    expect((await reads.users.organizations(owner.id)).map((organization) => organization.id)).not.toContain(doomed);
    expect(calls.length).toBe(afterRebuild);
  });
});
