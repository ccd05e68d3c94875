import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import { issueInEnglish } from '@/i18n/english';
import { activityLog } from '@/lib/db/schema';
import { describeEachDatabase } from '@/tests/support/databases';
import { faultyFetch, logtoInternalError } from '@/tests/support/faults';
import { useLocalLogto } from '@/tests/support/local-logto';
import { managementApiFor, readOutbox } from '@/tests/support/logto-admin';
import { accessFor, organizationFixtures, tokenRecorder } from '@/tests/support/organization-fixtures';
import { englishPeopleNames } from '@/tests/support/people-names';

import { INVITATION_TTL_MS, inviteMembers, listPendingInvitations, resendInvitation, revokeInvitation } from './admin';
import type { InvitationDeps } from './invitation';
import { acceptInvitation, declineInvitation } from './invitee';
import { inviteEmailsSchema, inviteMembersSchema } from './schemas';
import { getInvitationView } from './view';

const APP_URL = 'https://app.example';

describe('inviteMembersSchema', () => {
  it.each([
    ['one address', 'ada@example.com', ['ada@example.com']],
    ['commas, semicolons and new lines', 'a@example.com, b@example.com;c@example.com\nd@example.com', ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com']],
    ['duplicates in any case', 'Ada@Example.com ada@example.com', ['ada@example.com']],
    ['a list', ['x@example.com', ' Y@example.com '], ['x@example.com', 'y@example.com']],
  ])('accepts %s', (_name, emails, expected) => {
    expect(inviteEmailsSchema.parse(emails)).toEqual(expected);
    // Parsing its own output changes nothing, so the use case may check it again.
    expect(inviteEmailsSchema.parse(expected)).toEqual(expected);
  });

  it.each([
    ['no address', '  ', 'Enter at least one e-mail address.'],
    ['a bad e-mail', 'ada@example.com, not-an-email', '“not-an-email” is not a valid e-mail address.'],
    ['21 addresses', Array.from({ length: 21 }, (_, index) => `p${index}@example.com`).join(','), 'Invite at most 20 addresses at a time.'],
  ])('refuses %s with a message for the field', (_name, emails, message) => {
    const result = inviteMembersSchema.safeParse({ emails, role: 'member' });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['emails', ...(message.includes('not a valid') ? [1] : [])] })]);
    // The issue names a catalogue key; in English (the API's language) it reads:
    expect(result.error?.issues.map(issueInEnglish)).toEqual([message]);
  });

  it('accepts exactly 20 addresses', () => {
    const emails = Array.from({ length: 20 }, (_, index) => `p${index}@example.com`).join('\n');
    expect(inviteMembersSchema.parse({ emails, role: 'viewer' }).emails).toHaveLength(20);
  });

  it('refuses an unknown role', () => {
    const result = inviteMembersSchema.safeParse({ emails: 'a@example.com', role: 'superuser' });
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['role'] })]);
  });
});

const logto = useLocalLogto();

describeEachDatabase('invitations against the local Logto', (getDb) => {
  let fx: ReturnType<typeof organizationFixtures>;
  let recorder: ReturnType<typeof tokenRecorder>;
  const deps = (overrides: Partial<InvitationDeps> = {}): InvitationDeps => ({
    api: fx.api,
    db: getDb(),
    tokens: recorder.tokens,
    appUrl: APP_URL,
    ...overrides,
  });

  beforeAll(() => {
    fx = organizationFixtures(logto().endpoint);
  });

  async function team() {
    recorder = tokenRecorder();
    return fx.team();
  }

  const uniqueAddress = (label: string) => `${label}-${Math.random().toString(36).slice(2, 10)}@example.com`;
  const entries = (organizationId: string, action: string) =>
    getDb()
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.organizationId, organizationId), eq(activityLog.action, action)));

  describe('inviteMembers', () => {
    it('invites with the role for 7 days, e-mails the link and logs it (admin)', async () => {
      const { organizationId, admin } = await team();
      const email = uniqueAddress('new');
      const before = Date.now();
      const result = await inviteMembers(deps(), accessFor(admin, organizationId, 'admin'), { emails: email, role: 'member' });
      expect(result).toEqual({ invited: [email], failed: [] });

      const [invitation] = await fx.api.invitations.list({ organizationId });
      expect(invitation).toMatchObject({ invitee: email, status: 'Pending', inviterId: admin.id, organizationRoles: [expect.objectContaining({ name: 'member' })] });
      expect(invitation?.expiresAt).toBeGreaterThanOrEqual(before + INVITATION_TTL_MS);
      expect(invitation?.expiresAt).toBeLessThanOrEqual(Date.now() + INVITATION_TTL_MS);

      const mail = (await readOutbox(logto().endpoint)).find((message) => message.to === email);
      expect(mail?.link).toBe(`${APP_URL}/invitations/${invitation?.id}`);
      expect(await entries(organizationId, 'member.invited')).toEqual([
        expect.objectContaining({ actorId: admin.id, target: invitation?.id, metadata: { email, role: 'member' } }),
      ]);
    });

    it('is refused to a member (no invite:members)', async () => {
      const { organizationId, member } = await team();
      await expect(
        inviteMembers(deps(), accessFor(member, organizationId, 'member'), { emails: uniqueAddress('x'), role: 'viewer' }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      expect(await fx.api.invitations.list({ organizationId })).toEqual([]);
    });

    it('does not let an admin invite an owner, but an owner may', async () => {
      const { organizationId, owner, admin } = await team();
      await expect(
        inviteMembers(deps(), accessFor(admin, organizationId, 'admin'), { emails: uniqueAddress('boss'), role: 'owner' }),
      ).rejects.toMatchObject({ code: 'forbidden', message: 'Only owners can invite owners.' });
      const email = uniqueAddress('co-owner');
      expect(await inviteMembers(deps(), accessFor(owner, organizationId, 'owner'), { emails: email, role: 'owner' })).toEqual({
        invited: [email],
        failed: [],
      });
    });

    it.each([
      ['a bad e-mail', { emails: 'not-an-email', role: 'member' }],
      ['an unknown role', { emails: 'a@example.com', role: 'superuser' }],
      ['21 addresses at once', { emails: Array.from({ length: 21 }, (_, index) => `p${index}@example.com`), role: 'member' }],
    ])('refuses %s and invites nobody', async (_name, input) => {
      const { organizationId, owner } = await team();
      // @ts-expect-error -- forged input, as from a tampered form
      await expect(inviteMembers(deps(), accessFor(owner, organizationId, 'owner'), input)).rejects.toMatchObject({ code: 'invalid_input' });
      expect(await fx.api.invitations.list({ organizationId })).toEqual([]);
    });

    it('reports members and already invited addresses, and invites the rest', async () => {
      const { organizationId, admin, member } = await team();
      const invited = uniqueAddress('first');
      await inviteMembers(deps(), accessFor(admin, organizationId, 'admin'), { emails: invited, role: 'viewer' });
      const fresh = uniqueAddress('fresh');
      const result = await inviteMembers(deps(), accessFor(admin, organizationId, 'admin'), {
        emails: [member.email, invited, fresh],
        role: 'viewer',
      });
      expect(result).toEqual({
        invited: [fresh],
        failed: [
          { email: member.email, reason: 'alreadyMember' },
          { email: invited, reason: 'alreadyInvited' },
        ],
      });
    });

    it('leaves no invitation behind when its e-mail cannot be sent', async () => {
      const { organizationId, admin } = await team();
      const faults = faultyFetch([{ method: 'POST', path: /\/organization-invitations\/[^/]+\/message$/, respond: logtoInternalError }]);
      const email = uniqueAddress('unlucky');
      const result = await inviteMembers(deps({ api: managementApiFor(logto().endpoint, { fetch: faults.fetch }) }), accessFor(admin, organizationId, 'admin'), {
        emails: email,
        role: 'member',
      });
      expect(result).toEqual({ invited: [], failed: [{ email, reason: 'emailNotSent' }] });
      expect(faults.hits).toHaveLength(1);
      expect(await fx.api.invitations.list({ organizationId })).toEqual([]);
    });
  });

  describe('pending invitations: list, resend, revoke', () => {
    it('lists pending ones for an admin, refuses a member', async () => {
      const { organizationId, admin, member } = await team();
      const email = uniqueAddress('pending');
      await inviteMembers(deps(), accessFor(admin, organizationId, 'admin'), { emails: email, role: 'viewer' });
      expect(await listPendingInvitations(deps(), accessFor(admin, organizationId, 'admin'))).toEqual([
        expect.objectContaining({ email, role: 'viewer', status: 'pending' }),
      ]);
      await expect(listPendingInvitations(deps(), accessFor(member, organizationId, 'member'))).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('resends the e-mail, then revokes; both logged; a member may do neither', async () => {
      const { organizationId, admin, member } = await team();
      const email = uniqueAddress('resend');
      await inviteMembers(deps(), accessFor(admin, organizationId, 'admin'), { emails: email, role: 'viewer' });
      const [invitation] = await fx.api.invitations.list({ organizationId });
      const invitationId = invitation?.id ?? '';

      await expect(resendInvitation(deps(), accessFor(member, organizationId, 'member'), { invitationId })).rejects.toMatchObject({ code: 'forbidden' });
      await resendInvitation(deps(), accessFor(admin, organizationId, 'admin'), { invitationId });
      expect((await readOutbox(logto().endpoint)).filter((message) => message.to === email)).toHaveLength(2);

      await expect(revokeInvitation(deps(), accessFor(member, organizationId, 'member'), { invitationId })).rejects.toMatchObject({ code: 'forbidden' });
      expect(await revokeInvitation(deps(), accessFor(admin, organizationId, 'admin'), { invitationId })).toEqual({ email });
      expect((await fx.api.invitations.get(invitationId)).status).toBe('Revoked');
      await expect(revokeInvitation(deps(), accessFor(admin, organizationId, 'admin'), { invitationId })).rejects.toMatchObject({ code: 'conflict' });
      expect((await entries(organizationId, 'invitation.resent')).length).toBe(1);
      expect((await entries(organizationId, 'invitation.revoked')).length).toBe(1);
    });

    it("treats another organization's invitation as not found", async () => {
      const first = await team();
      const second = await team();
      await inviteMembers(deps(), accessFor(second.admin, second.organizationId, 'admin'), { emails: uniqueAddress('theirs'), role: 'viewer' });
      const [theirs] = await fx.api.invitations.list({ organizationId: second.organizationId });
      await expect(
        revokeInvitation(deps(), accessFor(first.owner, first.organizationId, 'owner'), { invitationId: theirs?.id ?? '' }),
      ).rejects.toMatchObject({ code: 'not_found' });
      expect((await fx.api.invitations.get(theirs?.id ?? '')).status).toBe('Pending');
    });
  });

  describe('answering an invitation', () => {
    async function invited(role: 'member' | 'viewer' = 'member') {
      const setup = await team();
      const invitee = await fx.user('Invitee');
      await inviteMembers(deps(), accessFor(setup.admin, setup.organizationId, 'admin'), { emails: invitee.email, role });
      const [invitation] = await fx.api.invitations.list({ organizationId: setup.organizationId, invitee: invitee.email });
      return { ...setup, invitee, invitationId: invitation?.id ?? '' };
    }

    it('shows the invitation with its organization to anyone holding the link', async () => {
      const { organizationId, admin, invitee, invitationId } = await invited('viewer');
      const organization = await fx.api.organizations.get(organizationId);
      expect(await getInvitationView({ ...deps(), names: englishPeopleNames }, invitationId)).toMatchObject({
        id: invitationId,
        email: invitee.email,
        role: 'viewer',
        status: 'pending',
        organization: { id: organizationId, name: organization.name, logoUrl: null },
        inviterName: admin.name,
      });
      expect(await getInvitationView({ ...deps(), names: englishPeopleNames }, 'doesnotexist')).toBeNull();
      expect(await getInvitationView({ ...deps(), names: englishPeopleNames }, '../../users')).toBeNull();
    });

    it('accepts as the invitee: membership with the role, logged, and accepting twice is harmless', async () => {
      const { organizationId, invitee, invitationId } = await invited('member');
      expect(await acceptInvitation(deps(), invitee, invitationId)).toEqual({ organizationId });
      expect(await fx.rolesOf(organizationId, invitee.id)).toEqual(['member']);
      expect(await acceptInvitation(deps(), invitee, invitationId)).toEqual({ organizationId });
      expect(await entries(organizationId, 'invitation.accepted')).toEqual([
        expect.objectContaining({ actorId: invitee.id, target: invitationId, metadata: { email: invitee.email, role: 'member' } }),
      ]);
      expect((await getInvitationView({ ...deps(), names: englishPeopleNames }, invitationId))?.status).toBe('accepted');
    });

    it('refuses someone signed in with another e-mail', async () => {
      const { organizationId, invitationId } = await invited();
      const other = await fx.user('Other');
      await expect(acceptInvitation(deps(), other, invitationId)).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('This invitation is for') });
      await expect(declineInvitation(deps(), other, invitationId)).rejects.toMatchObject({ code: 'forbidden' });
      expect(await fx.rolesOf(organizationId, other.id)).toBeNull();
    });

    it('declines: revoked in Logto, "declined" in the log, and no longer acceptable', async () => {
      const { organizationId, invitee, invitationId } = await invited();
      await declineInvitation(deps(), invitee, invitationId);
      expect((await fx.api.invitations.get(invitationId)).status).toBe('Revoked');
      expect(await entries(organizationId, 'invitation.declined')).toEqual([expect.objectContaining({ actorId: invitee.id })]);
      await expect(acceptInvitation(deps(), invitee, invitationId)).rejects.toMatchObject({ code: 'conflict', message: 'This invitation has been revoked.' });
    });

    it('refuses an expired invitation (by its date, and as Logto reports it)', async () => {
      const { organizationId, invitee, invitationId } = await invited();
      const later = () => Date.now() + INVITATION_TTL_MS + 60_000;
      expect((await getInvitationView({ ...deps({ now: later }), names: englishPeopleNames }, invitationId))?.status).toBe('expired');
      await expect(acceptInvitation(deps({ now: later }), invitee, invitationId)).rejects.toMatchObject({
        code: 'conflict',
        message: 'This invitation has expired.',
      });

      // One that really expires in Logto a moment from now.
      const soon = await fx.user('Soon');
      const roles = await fx.api.organizationRoles.list();
      const shortLived = await fx.api.invitations.create({
        invitee: soon.email,
        organizationId,
        expiresAt: Date.now() + 800,
        organizationRoleIds: roles.filter((role) => role.name === 'viewer').map((role) => role.id),
        inviterId: invitee.id,
      });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect((await getInvitationView({ ...deps(), names: englishPeopleNames }, shortLived.id))?.status).toBe('expired');
      await expect(acceptInvitation(deps(), soon, shortLived.id)).rejects.toMatchObject({ code: 'conflict' });
      expect(await fx.rolesOf(organizationId, soon.id)).toBeNull();
    });
  });
});
