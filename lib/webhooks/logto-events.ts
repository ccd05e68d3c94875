import 'server-only';

import { z } from 'zod';

// What a Logto webhook delivery means to the app. Recorded from Logto OSS 1.37: every body has
// `event`, `hookId`, `createdAt`, the Management API call that caused it (`path`, `method`,
// `params`, `matchedRoute`) and, per event, `data` (the organization or user) or
// `organizationId`. `Organization.Membership.Updated` does not say who joined or left (only a
// removal's path names the user), and assigning organization roles sends no event at all.
// A test delivery (`POST /api/hooks/:id/test`) carries `path: /fake-path/:id`.

const idSchema = z.string().min(1).max(128);

export const deliveryEnvelopeSchema = z
  .object({
    event: z.string().min(1).max(128),
    hookId: z.string().optional(),
    createdAt: z.string().optional(),
    path: z.string().optional(),
    method: z.string().optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    organizationId: z.unknown().optional(),
    data: z.unknown().optional(),
  })
  .loose();

export type DeliveryEnvelope = z.infer<typeof deliveryEnvelopeSchema>;

const withId = z.object({ id: idSchema }).loose();

export type LogtoEvent =
  | { kind: 'organization.changed'; organizationId: string }
  | { kind: 'organization.deleted'; organizationId: string }
  | { kind: 'organization.membership'; organizationId: string; removedUserId: string | null }
  | { kind: 'user.changed'; userId: string }
  | { kind: 'user.deleted'; userId: string }
  | { kind: 'user.suspension'; userId: string }
  | { kind: 'roles.changed' }
  | { kind: 'ignored'; reason: string };

function param(envelope: DeliveryEnvelope, name: string): string | null {
  const parsed = idSchema.safeParse(envelope.params?.[name]);
  return parsed.success ? parsed.data : null;
}

function dataId(envelope: DeliveryEnvelope): string | null {
  const parsed = withId.safeParse(envelope.data);
  return parsed.success ? parsed.data.id : null;
}

/**
 * Interprets a verified delivery; anything the app does not use is `ignored` (and answered
 * 2xx). The events used are those `npm run logto:setup` subscribes the hook to (WEBHOOK_EVENTS).
 */
export function interpretDelivery(envelope: DeliveryEnvelope): LogtoEvent {
  if (envelope.path?.startsWith('/fake-path')) return { kind: 'ignored', reason: 'test delivery' };
  switch (envelope.event) {
    case 'Organization.Created':
    case 'Organization.Data.Updated': {
      const organizationId = dataId(envelope) ?? param(envelope, 'id');
      return organizationId ? { kind: 'organization.changed', organizationId } : { kind: 'ignored', reason: 'no organization id' };
    }
    case 'Organization.Deleted': {
      const organizationId = param(envelope, 'id') ?? dataId(envelope);
      return organizationId ? { kind: 'organization.deleted', organizationId } : { kind: 'ignored', reason: 'no organization id' };
    }
    case 'Organization.Membership.Updated': {
      const organizationId = idSchema.safeParse(envelope.organizationId).data ?? param(envelope, 'id');
      if (!organizationId) return { kind: 'ignored', reason: 'no organization id' };
      // DELETE /organizations/:id/users/:userId names who left; additions name nobody.
      const removedUserId = envelope.method === 'DELETE' ? param(envelope, 'userId') : null;
      return { kind: 'organization.membership', organizationId, removedUserId };
    }
    case 'OrganizationRole.Created':
    case 'OrganizationRole.Deleted':
    case 'OrganizationRole.Data.Updated':
    case 'OrganizationRole.Scopes.Updated':
    case 'OrganizationScope.Deleted':
    case 'OrganizationScope.Data.Updated':
      // The template is small: all roles with their scopes are read again, whatever the body says.
      return { kind: 'roles.changed' };
    case 'User.Data.Updated': {
      const userId = dataId(envelope) ?? param(envelope, 'userId');
      return userId ? { kind: 'user.changed', userId } : { kind: 'ignored', reason: 'no user id' };
    }
    case 'User.SuspensionStatus.Updated': {
      // Suspended or reinstated: which one is read from Logto when applied, since a suspension
      // and its reversal may arrive in either order.
      const userId = dataId(envelope) ?? param(envelope, 'userId');
      return userId ? { kind: 'user.suspension', userId } : { kind: 'ignored', reason: 'no user id' };
    }
    case 'User.Deleted': {
      const userId = param(envelope, 'userId') ?? dataId(envelope);
      return userId ? { kind: 'user.deleted', userId } : { kind: 'ignored', reason: 'no user id' };
    }
    default:
      return { kind: 'ignored', reason: `event ${envelope.event} is not used` };
  }
}
