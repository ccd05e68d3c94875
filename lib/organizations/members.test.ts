import { randomBytes } from 'node:crypto';

import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import { activityLog } from '@/lib/db/schema';
import { describeEachDatabase } from '@/tests/support/databases';
import { useLocalLogto } from '@/tests/support/local-logto';
import { accessFor, organizationFixtures, tokenRecorder } from '@/tests/support/organization-fixtures';
import { englishPeopleNames } from '@/tests/support/people-names';

import {
  changeMemberRole,
  changeRoleSchema,
  leaveOrganization,
  listMembers,
  memberListQuerySchema,
  removeMember,
} from './members';
import type { AdminDeps } from './use-case';

describe('changeRoleSchema', () => {
  it.each(['owner', 'admin', 'member', 'viewer'])('accepts the role %s', (role) => {
    expect(changeRoleSchema.safeParse({ userId: 'abc123', role }).success).toBe(true);
  });

  it.each([
    ['an unknown role', { userId: 'abc123', role: 'superuser' }, 'role'],
    ['a missing role', { userId: 'abc123' }, 'role'],
    ['a malformed user id', { userId: '../etc', role: 'member' }, 'userId'],
  ])('refuses %s', (_name, input, field) => {
    const result = changeRoleSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path[0])).toEqual([field]);
  });
});

describe('memberListQuerySchema', () => {
  it.each([
    [{}, { q: '', page: 1 }],
    [{ q: '  ada ', page: '3' }, { q: 'ada', page: 3 }],
    [{ q: ['a', 'b'], page: '-1' }, { q: '', page: 1 }],
    [{ page: 'abc' }, { q: '', page: 1 }],
  ])('reads %j as %j', (input, expected) => {
    expect(memberListQuerySchema.parse(input)).toEqual(expected);
  });
});

const logto = useLocalLogto();

describeEachDatabase('members against the local Logto', (getDb) => {
  let fx: ReturnType<typeof organizationFixtures>;
  let recorder: ReturnType<typeof tokenRecorder>;
  const deps = (): AdminDeps => ({ api: fx.api, db: getDb(), tokens: recorder.tokens });

  beforeAll(() => {
    fx = organizationFixtures(logto().endpoint);
  });

  /** owner + admin + member + viewer in a fresh organization. */
  async function team() {
    recorder = tokenRecorder();
    return fx.team();
  }

  const entries = (organizationId: string, action: string) =>
    getDb()
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.organizationId, organizationId), eq(activityLog.action, action)));

  describe('listMembers', () => {
    it('lists members with names, e-mails, initials and roles for a viewer', async () => {
      const { organizationId, owner, viewer } = await team();
      const page = await listMembers({ ...deps(), names: englishPeopleNames }, accessFor(viewer, organizationId, 'viewer'));
      expect(page.total).toBe(4);
      expect(page.items.find((item) => item.id === owner.id)).toEqual({
        id: owner.id,
        name: owner.name,
        email: owner.email,
        initials: `O${owner.name.split(' ')[1]?.[0]?.toUpperCase()}`,
        roles: ['owner'],
        isOwner: true,
      });
    });

    it('is refused to a member without read:members', async () => {
      const { organizationId, member } = await team();
      await expect(listMembers({ ...deps(), names: englishPeopleNames }, accessFor(member, organizationId, null))).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('searches by name or e-mail', async () => {
      const { organizationId, admin, viewer } = await team();
      const byName = await listMembers({ ...deps(), names: englishPeopleNames }, accessFor(viewer, organizationId, 'viewer'), { q: admin.name.split(' ')[1] });
      expect(byName.items.map((item) => item.id)).toEqual([admin.id]);
      const byEmail = await listMembers({ ...deps(), names: englishPeopleNames }, accessFor(viewer, organizationId, 'viewer'), { q: viewer.email.toUpperCase() });
      expect(byEmail.items.map((item) => item.id)).toEqual([viewer.id]);
    });

    it('pages past 100 members with page and page size', async () => {
      const owner = await fx.user('Owner');
      const organizationId = await fx.organization([[owner, 'owner']]);
      const tag = randomBytes(3).toString('hex');
      const ids: string[] = [];
      for (let batch = 0; batch < 11; batch += 1) {
        const users = await Promise.all(Array.from({ length: 10 }, (_, index) => fx.user(`Bulk${tag}n${batch * 10 + index}`)));
        ids.push(...users.map((user) => user.id));
      }
      await fx.api.organizations.addUsers(organizationId, ids);

      const access = accessFor(owner, organizationId, 'owner');
      const seen = new Set<string>();
      let last;
      for (let page = 1; page <= 6; page += 1) {
        last = await listMembers({ ...deps(), names: englishPeopleNames }, access, { page, pageSize: 20 });
        for (const item of last.items) seen.add(item.id);
      }
      expect(last).toMatchObject({ total: 111, page: 6, pageCount: 6 });
      expect(last?.items).toHaveLength(11);
      expect(seen.size).toBe(111);
    });
  });

  describe('changeMemberRole', () => {
    it('lets an admin change a member to viewer, drops their tokens and logs it', async () => {
      const { organizationId, admin, member } = await team();
      const result = await changeMemberRole(deps(), accessFor(admin, organizationId, 'admin'), { userId: member.id, role: 'viewer' });
      expect(result).toEqual({ name: member.name, from: ['member'], to: 'viewer', changed: true });
      expect(await fx.rolesOf(organizationId, member.id)).toEqual(['viewer']);
      expect(recorder.forgotten).toEqual([`${member.id}@${organizationId}`]);
      expect(await entries(organizationId, 'member.role_changed')).toEqual([
        expect.objectContaining({ actorId: admin.id, target: member.id, metadata: { memberName: member.name, from: ['member'], to: 'viewer' } }),
      ]);
    });

    it('is refused to a member (no manage:members)', async () => {
      const { organizationId, member, viewer } = await team();
      await expect(
        changeMemberRole(deps(), accessFor(member, organizationId, 'member'), { userId: viewer.id, role: 'admin' }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      expect(await fx.rolesOf(organizationId, viewer.id)).toEqual(['viewer']);
    });

    it('refuses an unknown role', async () => {
      const { organizationId, owner, member } = await team();
      await expect(
        // @ts-expect-error -- a forged form value
        changeMemberRole(deps(), accessFor(owner, organizationId, 'owner'), { userId: member.id, role: 'superuser' }),
      ).rejects.toMatchObject({ code: 'invalid_input' });
    });

    it('does not let an admin make anyone owner, themselves included', async () => {
      const { organizationId, admin, member } = await team();
      for (const userId of [member.id, admin.id]) {
        await expect(changeMemberRole(deps(), accessFor(admin, organizationId, 'admin'), { userId, role: 'owner' })).rejects.toMatchObject({
          code: 'forbidden',
          message: 'Only owners can make someone an owner.',
        });
      }
      expect(await fx.rolesOf(organizationId, admin.id)).toEqual(['admin']);
    });

    it("does not let an admin change an owner's role", async () => {
      const { organizationId, owner, admin } = await team();
      await expect(changeMemberRole(deps(), accessFor(admin, organizationId, 'admin'), { userId: owner.id, role: 'viewer' })).rejects.toMatchObject({
        code: 'forbidden',
      });
      expect(await fx.rolesOf(organizationId, owner.id)).toEqual(['owner']);
    });

    it('refuses to demote the last owner, even by themselves', async () => {
      const { organizationId, owner } = await team();
      await expect(changeMemberRole(deps(), accessFor(owner, organizationId, 'owner'), { userId: owner.id, role: 'admin' })).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('last owner'),
      });
      expect(await fx.rolesOf(organizationId, owner.id)).toEqual(['owner']);
      expect(recorder.forgotten).toEqual([]);
    });

    it('transfers ownership: an owner makes an admin owner, then steps down', async () => {
      const { organizationId, owner, admin } = await team();
      await changeMemberRole(deps(), accessFor(owner, organizationId, 'owner'), { userId: admin.id, role: 'owner' });
      const stepDown = await changeMemberRole(deps(), accessFor(owner, organizationId, 'owner'), { userId: owner.id, role: 'admin' });
      expect(stepDown.changed).toBe(true);
      expect(await fx.rolesOf(organizationId, admin.id)).toEqual(['owner']);
      expect(await fx.rolesOf(organizationId, owner.id)).toEqual(['admin']);
      expect(recorder.forgotten).toEqual([`${admin.id}@${organizationId}`, `${owner.id}@${organizationId}`]);
    });

    it('never leaves the organization ownerless when two owners demote each other at once', async () => {
      const { organizationId, owner, admin } = await team();
      await fx.addMember(organizationId, admin.id, 'owner');
      const results = await Promise.allSettled([
        changeMemberRole(deps(), accessFor(owner, organizationId, 'owner'), { userId: admin.id, role: 'member' }),
        changeMemberRole(deps(), accessFor(admin, organizationId, 'owner'), { userId: owner.id, role: 'member' }),
      ]);
      const owners = [await fx.rolesOf(organizationId, owner.id), await fx.rolesOf(organizationId, admin.id)].filter((roles) =>
        roles?.includes('owner'),
      );
      expect(owners.length).toBeGreaterThanOrEqual(1);
      // Both demotions succeeding would have left no owner: at most one may go through.
      expect(results.filter((result) => result.status === 'fulfilled').length).toBeLessThanOrEqual(1);
    });

    it('says who is not a member', async () => {
      const { organizationId, owner } = await team();
      const stranger = await fx.user('Stranger');
      await expect(
        changeMemberRole(deps(), accessFor(owner, organizationId, 'owner'), { userId: stranger.id, role: 'member' }),
      ).rejects.toMatchObject({ code: 'not_found' });
    });
  });

  describe('removeMember', () => {
    it('lets an admin remove a member, drops their tokens and logs it', async () => {
      const { organizationId, admin, member } = await team();
      expect(await removeMember(deps(), accessFor(admin, organizationId, 'admin'), { userId: member.id })).toEqual({ name: member.name });
      expect(await fx.rolesOf(organizationId, member.id)).toBeNull();
      expect(recorder.forgotten).toEqual([`${member.id}@${organizationId}`]);
      expect(await entries(organizationId, 'member.removed')).toEqual([
        expect.objectContaining({ actorId: admin.id, target: member.id, metadata: expect.objectContaining({ memberName: member.name }) }),
      ]);
    });

    it('is refused to a viewer', async () => {
      const { organizationId, viewer, member } = await team();
      await expect(removeMember(deps(), accessFor(viewer, organizationId, 'viewer'), { userId: member.id })).rejects.toMatchObject({ code: 'forbidden' });
      expect(await fx.rolesOf(organizationId, member.id)).toEqual(['member']);
    });

    it('does not let an admin remove an owner', async () => {
      const { organizationId, owner, admin } = await team();
      await expect(removeMember(deps(), accessFor(admin, organizationId, 'admin'), { userId: owner.id })).rejects.toMatchObject({
        code: 'forbidden',
        message: 'Only owners can remove an owner.',
      });
    });

    it('lets an owner remove another owner, and refuses removing oneself', async () => {
      const { organizationId, owner, admin } = await team();
      await fx.addMember(organizationId, admin.id, 'owner');
      await removeMember(deps(), accessFor(owner, organizationId, 'owner'), { userId: admin.id });
      expect(await fx.rolesOf(organizationId, admin.id)).toBeNull();
      await expect(removeMember(deps(), accessFor(owner, organizationId, 'owner'), { userId: owner.id })).rejects.toMatchObject({
        code: 'invalid_input',
      });
    });
  });

  describe('leaveOrganization', () => {
    it('lets a viewer leave, and logs it', async () => {
      const { organizationId, viewer } = await team();
      await leaveOrganization(deps(), accessFor(viewer, organizationId, 'viewer'));
      expect(await fx.rolesOf(organizationId, viewer.id)).toBeNull();
      expect(recorder.forgotten).toEqual([`${viewer.id}@${organizationId}`]);
      expect(await entries(organizationId, 'member.left')).toEqual([expect.objectContaining({ actorId: viewer.id })]);
    });

    it('refuses the last owner, and lets an owner leave once another owner exists', async () => {
      const { organizationId, owner, admin } = await team();
      await expect(leaveOrganization(deps(), accessFor(owner, organizationId, 'owner'))).rejects.toMatchObject({
        code: 'conflict',
        message: "You are this organization's last owner. Make another member owner first.",
      });
      expect(await fx.rolesOf(organizationId, owner.id)).toEqual(['owner']);

      await changeMemberRole(deps(), accessFor(owner, organizationId, 'owner'), { userId: admin.id, role: 'owner' });
      await leaveOrganization(deps(), accessFor(owner, organizationId, 'owner'));
      expect(await fx.rolesOf(organizationId, owner.id)).toBeNull();
    });
  });
});
