import { randomUUID } from 'node:crypto';

import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import { issueInEnglish } from '@/i18n/english';
import { activityLog, organizationCreations, projects } from '@/lib/db/schema';
import { LogtoApiError } from '@/lib/logto/management-api';
import { createProject } from '@/lib/projects/projects';
import { describeEachDatabase } from '@/tests/support/databases';
import { useLocalLogto } from '@/tests/support/local-logto';
import { accessFor, organizationFixtures, tokenRecorder } from '@/tests/support/organization-fixtures';

import { inviteMembers } from './invitations/admin';
import type { AdminDeps } from './use-case';
import { deleteOrganization, getOrganizationSettings, organizationSettingsSchema, updateOrganizationSettings } from './settings';

describe('organizationSettingsSchema', () => {
  const base = { name: 'Acme' };
  it.each([
    [{ ...base }, { name: 'Acme', description: null, logoUrl: null, isMfaRequired: false }],
    [{ ...base, description: '  ', logoUrl: '  ', isMfaRequired: 'on' }, { name: 'Acme', description: null, logoUrl: null, isMfaRequired: true }],
    [{ ...base, logoUrl: 'https://cdn.example.com/logo.png' }, { name: 'Acme', description: null, logoUrl: 'https://cdn.example.com/logo.png', isMfaRequired: false }],
  ])('accepts %j', (input, expected) => {
    const parsed = organizationSettingsSchema.parse(input);
    expect(parsed).toEqual(expected);
    expect(organizationSettingsSchema.parse(parsed)).toEqual(expected);
  });

  it.each([
    ['an http logo', 'http://cdn.example.com/logo.png'],
    ['a javascript: logo', 'javascript:alert(1)'],
    ['a data: logo', 'data:image/png;base64,AAAA'],
    ['a logo on localhost', 'https://localhost/logo.png'],
    ['a logo URL with credentials', 'https://user:secret@cdn.example.com/logo.png'],
    ['not a URL', 'logo.png'],
  ])('refuses %s', (_name, logoUrl) => {
    const result = organizationSettingsSchema.safeParse({ ...base, logoUrl });
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['logoUrl'] })]);
    expect(result.error?.issues.map(issueInEnglish)).toEqual(['Enter an https:// address of an image, or leave it empty.']);
  });

  it.each([
    ['an empty name', { name: ' ' }, 'name'],
    ['a 129-character name', { name: 'x'.repeat(129) }, 'name'],
    ['a 257-character description', { name: 'A', description: 'd'.repeat(257) }, 'description'],
  ])('refuses %s', (_name, input, field) => {
    expect(organizationSettingsSchema.safeParse(input).error?.issues.map((issue) => issue.path[0])).toEqual([field]);
  });
});

const logto = useLocalLogto();

describeEachDatabase('organization settings against the local Logto', (getDb) => {
  let fx: ReturnType<typeof organizationFixtures>;
  let recorder: ReturnType<typeof tokenRecorder>;
  const deps = (): AdminDeps => ({ api: fx.api, db: getDb(), tokens: recorder.tokens });

  beforeAll(() => {
    fx = organizationFixtures(logto().endpoint);
  });

  async function team() {
    recorder = tokenRecorder();
    return fx.team();
  }

  describe('updateOrganizationSettings', () => {
    it('saves name, description and logo (keeping other branding) for an admin, and logs what changed', async () => {
      const { organizationId, admin } = await team();
      await fx.api.organizations.update(organizationId, { branding: { darkLogoUrl: 'https://cdn.example.com/dark.png' } });
      const { settings, changes } = await updateOrganizationSettings(deps(), accessFor(admin, organizationId, 'admin'), {
        name: 'Renamed',
        description: 'We make things',
        logoUrl: 'https://cdn.example.com/logo.png',
      });
      expect(changes).toEqual(['name', 'description', 'logo']);
      expect(settings).toEqual({ id: organizationId, name: 'Renamed', description: 'We make things', logoUrl: 'https://cdn.example.com/logo.png', isMfaRequired: false });
      const stored = await fx.api.organizations.get(organizationId);
      expect(stored.branding).toEqual({ logoUrl: 'https://cdn.example.com/logo.png', darkLogoUrl: 'https://cdn.example.com/dark.png' });
      const log = await getDb().select().from(activityLog).where(eq(activityLog.organizationId, organizationId));
      expect(log).toEqual([expect.objectContaining({ action: 'organization.updated', actorId: admin.id, metadata: { changes, name: 'Renamed' } })]);
      expect(recorder.forgotten).toEqual([]);
    });

    it('is refused to a member (no manage:organization)', async () => {
      const { organizationId, member } = await team();
      await expect(updateOrganizationSettings(deps(), accessFor(member, organizationId, 'member'), { name: 'Mine now' })).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(getOrganizationSettings(deps(), accessFor(member, organizationId, 'member'))).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('refuses an http logo at the domain boundary too', async () => {
      const { organizationId, owner } = await team();
      const before = await fx.api.organizations.get(organizationId);
      await expect(
        updateOrganizationSettings(deps(), accessFor(owner, organizationId, 'owner'), { name: before.name, logoUrl: 'http://cdn.example.com/x.png' }),
      ).rejects.toMatchObject({ code: 'invalid_input' });
    });

    it('requiring two-step verification drops every member’s organization tokens', async () => {
      const { organizationId, owner, admin, member, viewer } = await team();
      const { name } = await fx.api.organizations.get(organizationId);
      const { changes } = await updateOrganizationSettings(deps(), accessFor(owner, organizationId, 'owner'), { name, isMfaRequired: 'on' });
      expect(changes).toEqual(['two-step verification requirement']);
      expect((await fx.api.organizations.get(organizationId)).isMfaRequired).toBe(true);
      expect(recorder.forgotten.sort()).toEqual([owner.id, admin.id, member.id, viewer.id].map((id) => `${id}@${organizationId}`).sort());
    });

    it('changes nothing and logs nothing when nothing changed', async () => {
      const { organizationId, owner } = await team();
      const { name } = await fx.api.organizations.get(organizationId);
      expect((await updateOrganizationSettings(deps(), accessFor(owner, organizationId, 'owner'), { name })).changes).toEqual([]);
      expect(await getDb().select().from(activityLog).where(eq(activityLog.organizationId, organizationId))).toEqual([]);
    });
  });

  describe('deleteOrganization', () => {
    it('deletes it in Logto with its projects, activity and creation rows, and revokes its invitations (owner)', async () => {
      const { organizationId, owner, admin, member, viewer } = await team();
      const { name } = await fx.api.organizations.get(organizationId);
      await createProject(getDb(), organizationId, owner.id, { name: 'Doomed project', description: null });
      await getDb().insert(organizationCreations).values({ idempotencyKey: randomUUID(), userId: owner.id, status: 'succeeded', organizationId });
      await inviteMembers({ ...deps(), appUrl: 'https://app.example' }, accessFor(owner, organizationId, 'owner'), {
        emails: 'pending-person@example.com',
        role: 'member',
      });
      const [invitation] = await fx.api.invitations.list({ organizationId });
      const other = await fx.organization([[owner, 'owner']]);
      await createProject(getDb(), other, owner.id, { name: 'Survivor', description: null });

      expect(await deleteOrganization(deps(), accessFor(owner, organizationId, 'owner'), { confirmName: ` ${name} ` })).toEqual({ name });

      await expect(fx.api.organizations.get(organizationId)).rejects.toBeInstanceOf(LogtoApiError);
      expect(await getDb().select().from(projects).where(eq(projects.organizationId, organizationId))).toEqual([]);
      expect(await getDb().select().from(activityLog).where(eq(activityLog.organizationId, organizationId))).toEqual([]);
      expect(await getDb().select().from(organizationCreations).where(eq(organizationCreations.organizationId, organizationId))).toEqual([]);
      expect(await getDb().select().from(projects).where(eq(projects.organizationId, other))).toHaveLength(1);
      // Revoked before the organization went (Logto may then drop it with the organization).
      const after = await fx.api.invitations.get(invitation?.id ?? '').catch((error: unknown) => error);
      if (after instanceof LogtoApiError) expect(after.status).toBe(404);
      else expect(after).toMatchObject({ status: 'Revoked' });
      expect(recorder.forgotten.sort()).toEqual([owner.id, admin.id, member.id, viewer.id].map((id) => `${id}@${organizationId}`).sort());
    });

    it('is refused to an admin (no delete:organization)', async () => {
      const { organizationId, admin } = await team();
      const { name } = await fx.api.organizations.get(organizationId);
      await expect(deleteOrganization(deps(), accessFor(admin, organizationId, 'admin'), { confirmName: name })).rejects.toMatchObject({
        code: 'forbidden',
      });
      expect((await fx.api.organizations.get(organizationId)).id).toBe(organizationId);
    });

    it('refuses a confirmation that is not the exact name', async () => {
      const { organizationId, owner } = await team();
      const { name } = await fx.api.organizations.get(organizationId);
      await expect(
        deleteOrganization(deps(), accessFor(owner, organizationId, 'owner'), { confirmName: name.toUpperCase() }),
      ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining(name) });
      expect((await fx.api.organizations.get(organizationId)).id).toBe(organizationId);
    });
  });
});
