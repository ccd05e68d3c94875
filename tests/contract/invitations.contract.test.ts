// Organization invitations (reference samples 50, 84). No `messagePayload` is ever sent, so
// no e-mail leaves a real tenant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { expectJson, expectLogtoError, expectNoContent } from './support/assertions';
import { contractContext } from './support/context';
import { Fixtures, type OrganizationTemplateFixture, type TestUser } from './support/fixtures';
import { describeResponse } from './support/http';
import {
  invitationSchema,
  logtoErrorSchema,
  memberSchema,
  organizationRoleSchema,
  organizationWithRolesSchema,
  type Invitation,
  type Organization,
} from './support/logto-schemas';
import { contractEmail, missingId, overlongId } from './support/random';

const { api } = contractContext();
const fixtures = new Fixtures(api);
afterAll(() => fixtures.cleanup());

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
const invitationList = z.array(invitationSchema);

const CANNOT_CHANGE = {
  code: 'request.invalid_input',
  message: 'Input is invalid. The status of the invitation cannot be changed anymore.',
};
const EMAIL_MISMATCH = {
  code: 'request.invalid_input',
  message: 'Input is invalid. The accepted user must have the same email as the invitee.',
};

let template: OrganizationTemplateFixture;
let organization: Organization;
let inviter: TestUser;

beforeAll(async () => {
  template = await fixtures.createOrganizationTemplate();
  organization = await fixtures.createOrganization();
  inviter = await fixtures.createUser();
  await fixtures.addMembers(organization.id, [inviter.id]);
});

async function createInvitation(body: Record<string, unknown>): Promise<Invitation> {
  const response = await api.post('/api/organization-invitations', body);
  const invitation = expectJson(response, 201, invitationSchema);
  fixtures.deleteLater(`/api/organization-invitations/${invitation.id}`);
  return invitation;
}

describe('POST /api/organization-invitations', () => {
  it('creates a Pending invitation with its roles: 201', async () => {
    const invitee = contractEmail();
    const expiresAt = Date.now() + WEEK_MS;
    const invitation = await createInvitation({
      invitee,
      organizationId: organization.id,
      expiresAt,
      organizationRoleIds: [template.roles.member.id],
      inviterId: inviter.id,
    });
    expect(invitation).toMatchObject({
      invitee,
      organizationId: organization.id,
      inviterId: inviter.id,
      acceptedUserId: null,
      status: 'Pending',
      expiresAt,
      organizationRoles: [{ id: template.roles.member.id, name: template.roles.member.name }],
    });
    expect(invitation.updatedAt).toBe(invitation.createdAt);
  });

  it('without inviter and roles: inviterId null, organizationRoles []', async () => {
    const invitation = await createInvitation({
      invitee: contractEmail(),
      organizationId: organization.id,
      expiresAt: Date.now() + WEEK_MS,
    });
    expect(invitation).toMatchObject({ inviterId: null, organizationRoles: [], status: 'Pending' });
  });

  it('a second pending invitation for the same invitee: 422 entity.unique_integrity_violation', async () => {
    const invitee = contractEmail();
    await createInvitation({ invitee, organizationId: organization.id, expiresAt: Date.now() + WEEK_MS });
    const response = await api.post('/api/organization-invitations', {
      invitee,
      organizationId: organization.id,
      expiresAt: Date.now() + WEEK_MS,
    });
    expectLogtoError(response, 422, {
      code: 'entity.unique_integrity_violation',
      message: 'The entity already exists. Please check the input and try again.',
    });
  });

  it('expiresAt in the past: 400 request.invalid_input', async () => {
    const response = await api.post('/api/organization-invitations', {
      invitee: contractEmail(),
      organizationId: organization.id,
      expiresAt: Date.now() - 60_000,
    });
    expectLogtoError(response, 400, {
      code: 'request.invalid_input',
      message: 'Input is invalid. The value of `expiresAt` must be in the future.',
    });
  });

  it('an invitee who is already a member: 422 request.invalid_input', async () => {
    const response = await api.post('/api/organization-invitations', {
      invitee: inviter.primaryEmail,
      organizationId: organization.id,
      expiresAt: Date.now() + WEEK_MS,
    });
    expectLogtoError(response, 422, {
      code: 'request.invalid_input',
      message: 'Input is invalid. The invitee is already a member of the organization.',
    });
  });

  it('an invitee that is not an e-mail: 400 guard.invalid_input', async () => {
    const response = await api.post('/api/organization-invitations', {
      invitee: 'not-an-email',
      organizationId: organization.id,
      expiresAt: Date.now() + WEEK_MS,
    });
    expectLogtoError(response, 400, { code: 'guard.invalid_input' });
  });
});

describe('GET /api/organization-invitations', () => {
  let other: Organization;
  let first: Invitation;
  let second: Invitation;

  beforeAll(async () => {
    other = await fixtures.createOrganization();
    first = await createInvitation({
      invitee: contractEmail(),
      organizationId: other.id,
      expiresAt: Date.now() + WEEK_MS,
      inviterId: inviter.id,
    });
    second = await createInvitation({
      invitee: contractEmail(),
      organizationId: other.id,
      expiresAt: Date.now() + WEEK_MS,
    });
  });

  it('filters by organizationId (not paginated)', async () => {
    const response = await api.get('/api/organization-invitations', { organizationId: other.id });
    const invitations = expectJson(response, 200, invitationList);
    expect(response.headers.get('total-number')).toBeNull();
    expect(invitations.map((invitation) => invitation.id).sort()).toEqual([first.id, second.id].sort());
  });

  it('filters by invitee and by inviterId', async () => {
    const byInvitee = expectJson(
      await api.get('/api/organization-invitations', { invitee: second.invitee }),
      200,
      invitationList,
    );
    expect(byInvitee.map((invitation) => invitation.id)).toEqual([second.id]);

    const byInviter = expectJson(
      await api.get('/api/organization-invitations', { organizationId: other.id, inviterId: inviter.id }),
      200,
      invitationList,
    );
    expect(byInviter.map((invitation) => invitation.id)).toEqual([first.id]);
  });

  it('GET /:id returns the invitation', async () => {
    const response = await api.get(`/api/organization-invitations/${first.id}`);
    expect(expectJson(response, 200, invitationSchema)).toEqual(first);
  });

  it('GET /:id of an unknown invitation: 404', async () => {
    const response = await api.get(`/api/organization-invitations/${missingId()}`);
    expect(response.status, describeResponse(response)).toBe(404);
    logtoErrorSchema.parse(response.json);
  });
});

describe('PUT /api/organization-invitations/:id/status', () => {
  it('Revoked: 200, then the invitation cannot change anymore (422)', async () => {
    const invitation = await createInvitation({
      invitee: contractEmail(),
      organizationId: organization.id,
      expiresAt: Date.now() + WEEK_MS,
      organizationRoleIds: [template.roles.member.id],
    });
    const response = await api.put(`/api/organization-invitations/${invitation.id}/status`, { status: 'Revoked' });
    const revoked = expectJson(response, 200, invitationSchema);
    expect(revoked).toMatchObject({ ...invitation, status: 'Revoked', updatedAt: revoked.updatedAt });
    expect(revoked.updatedAt).toBeGreaterThanOrEqual(invitation.updatedAt);

    expectLogtoError(
      await api.put(`/api/organization-invitations/${invitation.id}/status`, { status: 'Revoked' }),
      422,
      CANNOT_CHANGE,
    );
    const invitee = await fixtures.createUser({ primaryEmail: invitation.invitee });
    expectLogtoError(
      await api.put(`/api/organization-invitations/${invitation.id}/status`, {
        status: 'Accepted',
        acceptedUserId: invitee.id,
      }),
      422,
      CANNOT_CHANGE,
    );
  });

  it('Expired cannot be set: 400 guard.invalid_input', async () => {
    const invitation = await createInvitation({
      invitee: contractEmail(),
      organizationId: organization.id,
      expiresAt: Date.now() + WEEK_MS,
    });
    const response = await api.put(`/api/organization-invitations/${invitation.id}/status`, { status: 'Expired' });
    expectLogtoError(response, 400, { code: 'guard.invalid_input', message: 'The request body is invalid.' });
  });

  describe('accepting', () => {
    let invitation: Invitation;
    let invitee: TestUser;
    let path: string;

    beforeAll(async () => {
      invitee = await fixtures.createUser({ primaryEmail: contractEmail() });
      invitation = await createInvitation({
        invitee: invitee.primaryEmail,
        organizationId: organization.id,
        expiresAt: Date.now() + WEEK_MS,
        organizationRoleIds: [template.roles.member.id],
        inviterId: inviter.id,
      });
      path = `/api/organization-invitations/${invitation.id}/status`;
    });

    it('without acceptedUserId: 422 request.invalid_input', async () => {
      expectLogtoError(await api.put(path, { status: 'Accepted' }), 422, {
        code: 'request.invalid_input',
        message: 'Input is invalid. The `acceptedUserId` is required when accepting an invitation.',
      });
    });

    it('by a user with another e-mail: 422', async () => {
      const stranger = await fixtures.createUser({ primaryEmail: contractEmail() });
      expectLogtoError(await api.put(path, { status: 'Accepted', acceptedUserId: stranger.id }), 422, EMAIL_MISMATCH);
    });

    it('by a user without an e-mail: 422', async () => {
      const noEmail = await fixtures.createUser({ primaryEmail: null });
      expectLogtoError(await api.put(path, { status: 'Accepted', acceptedUserId: noEmail.id }), 422, EMAIL_MISMATCH);
    });

    it('by a user id longer than 21 characters: 400 guard.invalid_input', async () => {
      const response = await api.put(path, { status: 'Accepted', acceptedUserId: overlongId() });
      const body = expectLogtoError(response, 400, { code: 'guard.invalid_input', message: 'The request body is invalid.' });
      expect(body.data, describeResponse(response)).toMatchObject({ issues: [expect.objectContaining({ path: ['acceptedUserId'] })] });
    });

    it('by an unknown user: 404 entity.not_found', async () => {
      expectLogtoError(
        await api.put(path, { status: 'Accepted', acceptedUserId: missingId() }),
        404,
        { code: 'entity.not_found', message: 'The resource does not exist.' },
      );
    });

    it('the failed attempts left it Pending', async () => {
      const current = expectJson(await api.get(`/api/organization-invitations/${invitation.id}`), 200, invitationSchema);
      expect(current).toEqual(invitation);
    });

    it('by the invitee: 200 Accepted, and the membership and roles are added', async () => {
      const response = await api.put(path, { status: 'Accepted', acceptedUserId: invitee.id });
      const accepted = expectJson(response, 200, invitationSchema);
      expect(accepted).toMatchObject({
        id: invitation.id,
        status: 'Accepted',
        acceptedUserId: invitee.id,
        organizationRoles: invitation.organizationRoles,
      });
      expect(accepted.updatedAt).toBeGreaterThanOrEqual(invitation.updatedAt);

      const fetched = expectJson(await api.get(`/api/organization-invitations/${invitation.id}`), 200, invitationSchema);
      expect(fetched).toEqual(accepted);

      const members = expectJson(
        await api.get(`/api/organizations/${organization.id}/users`, { q: invitee.username }),
        200,
        z.array(memberSchema),
      );
      expect(members.map((member) => [member.id, member.organizationRoles])).toEqual([
        [invitee.id, [{ id: template.roles.member.id, name: template.roles.member.name }]],
      ]);

      const roles = expectJson(
        await api.get(`/api/organizations/${organization.id}/users/${invitee.id}/roles`),
        200,
        z.array(organizationRoleSchema),
      );
      expect(roles).toEqual([template.roles.member]);

      const organizations = expectJson(
        await api.get(`/api/users/${invitee.id}/organizations`),
        200,
        z.array(organizationWithRolesSchema),
      );
      expect(organizations.map((item) => item.id)).toEqual([organization.id]);
    });

    it('an accepted invitation cannot be revoked or accepted again (422)', async () => {
      expectLogtoError(await api.put(path, { status: 'Revoked' }), 422, CANNOT_CHANGE);
      expectLogtoError(await api.put(path, { status: 'Accepted', acceptedUserId: invitee.id }), 422, CANNOT_CHANGE);
    });

    it('inviting the new member again: 422 already a member', async () => {
      const response = await api.post('/api/organization-invitations', {
        invitee: invitee.primaryEmail,
        organizationId: organization.id,
        expiresAt: Date.now() + WEEK_MS,
      });
      expectLogtoError(response, 422, {
        code: 'request.invalid_input',
        message: 'Input is invalid. The invitee is already a member of the organization.',
      });
    });
  });
});

describe('DELETE /api/organization-invitations/:id', () => {
  it('answers 204, then the invitation is gone', async () => {
    const invitation = await createInvitation({
      invitee: contractEmail(),
      organizationId: organization.id,
      expiresAt: Date.now() + WEEK_MS,
    });
    expectNoContent(await api.delete(`/api/organization-invitations/${invitation.id}`));
    const response = await api.get(`/api/organization-invitations/${invitation.id}`);
    expect(response.status, describeResponse(response)).toBe(404);
    const left = expectJson(
      await api.get('/api/organization-invitations', { organizationId: organization.id }),
      200,
      invitationList,
    );
    expect(left.map((item) => item.id)).not.toContain(invitation.id);
  });
});
