import { z } from 'zod';

import type { Queryable } from '../db/database.js';
import { EMAIL_PATTERN } from '../experience/routes.js';
import { created, noContent, ok, readJsonBody } from '../http/responses.js';
import { parseInput } from '../http/validation.js';
import {
  deleteInvitation,
  findInvitation,
  hasPendingInvitation,
  insertInvitation,
  listInvitations,
  setInvitationStatus,
  toApiInvitation,
  type InvitationRecord,
} from '../store/invitations.js';
import { addMemberRoles, addMembers, findOrganization } from '../store/organizations.js';
import { fill, INVITATION_MAIL_TEXT, pickLocale } from '../pages/locale.js';
import { insertOutboxMessage } from '../store/outbox.js';
import { findUserById } from '../store/users.js';
import { param, query, type ManagementRouter } from './context.js';
import {
  ID_MAX_LENGTH,
  invalidRequestInput,
  notExistsWithId,
  notFound,
  relationNotFound,
  uniqueViolation,
  withConstraintErrors,
} from './errors.js';

const messagePayload = z.record(z.string(), z.unknown());

const createBody = z.object({
  invitee: z.string().regex(EMAIL_PATTERN),
  organizationId: z.string().min(1),
  expiresAt: z.number().int(),
  organizationRoleIds: z.array(z.string().min(1)).optional(),
  inviterId: z.string().min(1).nullable().optional(),
  messagePayload: z.union([messagePayload, z.literal(false)]).optional(),
});

const statusBody = z.object({
  status: z.enum(['Accepted', 'Revoked']),
  // Logto guards it as an id: 400 guard.invalid_input when longer than 21 characters.
  acceptedUserId: z.string().min(1).max(ID_MAX_LENGTH).nullable().optional(),
});

const listQuery = z.object({
  organizationId: z.string().optional(),
  inviterId: z.string().optional(),
  invitee: z.string().optional(),
});

const TABLE = 'organization_invitations';

/**
 * Logto sends the invitation e-mail through its e-mail connector; the local
 * server has none and writes the message to its outbox instead (see /outbox). Its language
 * is the payload's `uiLocales` (as Logto's templates take it), else the caller's
 * Accept-Language, else English.
 */
async function sendInvitationMessage(
  db: Queryable,
  invitation: Pick<InvitationRecord, 'invitee' | 'organizationId'>,
  payload: Record<string, unknown>,
  acceptLanguage: string | string[] | undefined,
): Promise<void> {
  const organization = await findOrganization(db, invitation.organizationId);
  const text = INVITATION_MAIL_TEXT[pickLocale(payload.uiLocales, acceptLanguage)];
  await insertOutboxMessage(db, {
    to: invitation.invitee,
    subject: fill(text.subject, { organization: organization?.name ?? text.someOrganization }),
    link: typeof payload.link === 'string' ? payload.link : null,
    payload,
  });
}

export function registerInvitationRoutes(api: ManagementRouter): void {
  const { database } = api;

  const requireInvitation = async (id: string) => {
    const invitation = await findInvitation(database, id);
    if (!invitation) {
      throw notExistsWithId(TABLE, id);
    }
    return invitation;
  };

  api.post('/api/organization-invitations', async ({ req }) => {
    const body = parseInput(createBody, await readJsonBody(req));
    if (body.expiresAt <= Date.now()) {
      throw invalidRequestInput(400, 'The value of `expiresAt` must be in the future.');
    }
    const id = await withConstraintErrors(() =>
      database.transaction(async (tx) => {
        if (!(await findOrganization(tx, body.organizationId))) {
          throw relationNotFound();
        }
        const { rows } = await tx.query(
          `select 1 from organization_users ou join users u on u.id = ou.user_id
           where ou.organization_id = $1 and lower(u.primary_email) = lower($2)`,
          [body.organizationId, body.invitee],
        );
        if (rows.length > 0) {
          throw invalidRequestInput(422, 'The invitee is already a member of the organization.');
        }
        if (await hasPendingInvitation(tx, body.organizationId, body.invitee)) {
          throw uniqueViolation();
        }
        const invitationId = await insertInvitation(tx, {
          inviterId: body.inviterId,
          invitee: body.invitee,
          organizationId: body.organizationId,
          expiresAt: body.expiresAt,
          roleIds: body.organizationRoleIds ?? [],
        });
        if (body.messagePayload) {
          await sendInvitationMessage(tx, body, body.messagePayload, req.headers['accept-language']);
        }
        return invitationId;
      }),
    );
    return created(toApiInvitation(await requireInvitation(id)));
  });

  api.get('/api/organization-invitations', async (context) => {
    const filters = parseInput(listQuery, query(context), 'query');
    return ok((await listInvitations(database, filters)).map(toApiInvitation));
  });

  api.get('/api/organization-invitations/:id', async (context) =>
    ok(toApiInvitation(await requireInvitation(param(context, 'id')))),
  );

  api.delete('/api/organization-invitations/:id', async (context) => {
    const id = param(context, 'id');
    if (!(await deleteInvitation(database, id))) {
      throw notExistsWithId(TABLE, id);
    }
    return noContent();
  });

  api.put('/api/organization-invitations/:id/status', async (context) => {
    const id = param(context, 'id');
    const { status, acceptedUserId } = parseInput(statusBody, await readJsonBody(context.req));
    const invitation = await requireInvitation(id);

    if (status === 'Accepted') {
      if (!acceptedUserId) {
        throw invalidRequestInput(422, 'The `acceptedUserId` is required when accepting an invitation.');
      }
      const user = await findUserById(database, acceptedUserId);
      if (!user) {
        throw notFound();
      }
      if (user.primaryEmail?.toLowerCase() !== invitation.invitee.toLowerCase()) {
        throw invalidRequestInput(422, 'The accepted user must have the same email as the invitee.');
      }
    }
    // Accepted, revoked and expired invitations are final.
    if (invitation.status !== 'Pending') {
      throw invalidRequestInput(422, 'The status of the invitation cannot be changed anymore.');
    }

    await withConstraintErrors(() =>
      database.transaction(async (tx) => {
        if (status === 'Accepted' && acceptedUserId) {
          // Membership, roles and the status change land together or not at all.
          await addMembers(tx, invitation.organizationId, [acceptedUserId]);
          await addMemberRoles(
            tx,
            invitation.organizationId,
            [acceptedUserId],
            invitation.organizationRoles.map(({ id: roleId }) => roleId),
          );
          await setInvitationStatus(tx, id, 'Accepted', acceptedUserId);
        } else {
          await setInvitationStatus(tx, id, 'Revoked', null);
        }
      }),
    );
    if (status === 'Accepted') {
      // Logto reports the acceptance with the organization id alone (no request details).
      api.report(context, 'Organization.Membership.Updated', { organizationId: invitation.organizationId });
    }
    return ok(toApiInvitation(await requireInvitation(id)));
  });

  api.post('/api/organization-invitations/:id/message', async (context) => {
    const id = param(context, 'id');
    const payload = parseInput(messagePayload, (await readJsonBody(context.req)) ?? {});
    const invitation = await requireInvitation(id);
    await sendInvitationMessage(database, invitation, payload, context.req.headers['accept-language']);
    return noContent();
  });
}
