import { beforeAll, describe, expect, it } from 'vitest';

import { activityLog } from '@/lib/db/schema';
import { describeEachDatabase } from '@/tests/support/databases';
import { faultyFetch, logtoInternalError } from '@/tests/support/faults';
import { useLocalLogto } from '@/tests/support/local-logto';
import { managementApiFor } from '@/tests/support/logto-admin';
import { accessFor, organizationFixtures } from '@/tests/support/organization-fixtures';
import { englishPeopleNames } from '@/tests/support/people-names';

import { describeActivity, listActivity, recordActivity } from './activity';

describe('describeActivity', () => {
  it.each([
    ['organization.created', 'u1', 'o1', { name: 'Acme' }, 'created the organization “Acme”'],
    ['organization.updated', 'u1', 'o1', { changes: ['name', 'logo'] }, "changed the organization's name, logo"],
    ['member.invited', 'u1', 'i1', { email: 'ada@example.com', role: 'admin' }, 'invited ada@example.com as admin'],
    ['invitation.accepted', 'u2', 'i1', { email: 'ada@example.com', role: 'admin' }, 'accepted the invitation and joined as admin'],
    ['invitation.declined', 'u2', 'i1', { email: 'ada@example.com' }, 'declined the invitation for ada@example.com'],
    ['invitation.revoked', 'u1', 'i1', { email: 'ada@example.com' }, 'revoked the invitation for ada@example.com'],
    ['invitation.resent', 'u1', 'i1', { email: 'ada@example.com' }, 'resent the invitation to ada@example.com'],
    ['member.role_changed', 'u1', 'u2', { memberName: 'Ada', from: ['member'], to: 'admin' }, "changed Ada's role from member to admin"],
    ['member.role_changed', 'u1', 'u1', { memberName: 'Me', from: ['owner'], to: 'admin' }, 'changed their own role from owner to admin'],
    ['member.removed', 'u1', 'u2', { memberName: 'Ada' }, 'removed Ada from the organization'],
    ['member.left', 'u2', 'u2', {}, 'left the organization'],
    ['project.created', 'u1', 'p1', { name: 'Apollo' }, 'created the project “Apollo”'],
    ['project.renamed', 'u1', 'p1', { from: 'Apollo', to: 'Artemis' }, 'renamed the project “Apollo” to “Artemis”'],
    ['project.deleted', 'u1', 'p1', { name: 'Artemis' }, 'deleted the project “Artemis”'],
    ['something.new', 'u1', null, {}, 'did “something.new”'],
    ['member.removed', 'u1', 'u2', { memberName: 42 }, 'removed a member from the organization'],
  ])('%s by %s on %s %j', (action, actorId, target, metadata, expected) => {
    expect(describeActivity(action, actorId, target, metadata)).toBe(expected);
  });
});

const logto = useLocalLogto();

describeEachDatabase('listActivity', (getDb) => {
  let fx: ReturnType<typeof organizationFixtures>;
  beforeAll(() => {
    fx = organizationFixtures(logto().endpoint);
  });

  it('lists newest first, page by page, with actor names (and a fallback for deleted users)', async () => {
    const [owner, viewer] = await Promise.all([fx.user('Owner'), fx.user('Viewer')]);
    const organizationId = await fx.organization([
      [owner, 'owner'],
      [viewer, 'viewer'],
    ]);
    const start = Date.now() - 60_000;
    for (let index = 0; index < 30; index += 1) {
      await getDb()
        .insert(activityLog)
        .values({
          organizationId,
          actorId: index === 29 ? 'deleted-user-id' : owner.id,
          action: 'project.created',
          target: `p${index}`,
          metadata: { name: `Project ${index}` },
          createdAt: new Date(start + index * 1000),
        });
    }
    await recordActivity(getDb(), { organizationId: 'another-org', actorId: owner.id, action: 'member.left' });

    const first = await listActivity({ api: fx.api, db: getDb(), names: englishPeopleNames }, accessFor(viewer, organizationId, 'viewer'), { page: 1, pageSize: 25 });
    expect(first).toMatchObject({ total: 30, page: 1, pageCount: 2, pageSize: 25 });
    expect(first.items).toHaveLength(25);
    expect(first.items[0]).toMatchObject({ actor: { id: 'deleted-user-id', name: 'A deleted user' }, summary: 'created the project “Project 29”' });
    expect(first.items[1]).toMatchObject({ actor: { id: owner.id, name: owner.name }, summary: 'created the project “Project 28”' });

    const second = await listActivity({ api: fx.api, db: getDb(), names: englishPeopleNames }, accessFor(viewer, organizationId, 'viewer'), { page: 2, pageSize: 25 });
    expect(second.items.map((item) => item.summary)).toEqual([4, 3, 2, 1, 0].map((index) => `created the project “Project ${index}”`));

    // Past the last page: the last page.
    expect((await listActivity({ api: fx.api, db: getDb(), names: englishPeopleNames }, accessFor(viewer, organizationId, 'viewer'), { page: 9, pageSize: 25 })).page).toBe(2);
  });

  it('still lists when Logto cannot resolve names', async () => {
    const owner = await fx.user('Owner');
    const organizationId = await fx.organization([[owner, 'owner']]);
    await recordActivity(getDb(), { organizationId, actorId: owner.id, action: 'organization.created', metadata: { name: 'X' } });
    const faults = faultyFetch([{ method: 'GET', path: /^\/api\/users\//, respond: logtoInternalError }]);
    const api = managementApiFor(logto().endpoint, { fetch: faults.fetch });
    const { items } = await listActivity({ api, db: getDb(), names: englishPeopleNames }, accessFor(owner, organizationId, 'owner'));
    expect(items).toEqual([expect.objectContaining({ actor: { id: owner.id, name: 'Someone' }, summary: 'created the organization “X”' })]);
  });

  it('is refused to a member without read:members', async () => {
    const owner = await fx.user('Owner');
    const organizationId = await fx.organization([[owner, 'owner']]);
    await expect(listActivity({ api: fx.api, db: getDb(), names: englishPeopleNames }, accessFor(owner, organizationId, null))).rejects.toMatchObject({ code: 'forbidden' });
  });
});
