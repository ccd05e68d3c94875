import 'server-only';

import { createHash } from 'node:crypto';

import { and, asc, eq, isNull, lt } from 'drizzle-orm';

import type { Database } from '@/lib/db/connect';
import { logtoWebhookDeliveries } from '@/lib/db/schema';
import { LogtoApiError } from '@/lib/logto/management-api';
import type { Mirror } from '@/lib/mirror/mirror';
import { removeOrganizationData } from '@/lib/organizations/organization-data';

import { deliveryEnvelopeSchema, interpretDelivery, type LogtoEvent } from './logto-events';
import { isValidLogtoSignature } from './signature';

// Logto webhook deliveries: verified and recorded while Logto waits (cheap: an HMAC and one
// insert), applied right after the answer (they may call the Management API). Each distinct
// body is recorded once, so Logto's retries have no second effect; a delivery that fails is
// retried with the next ones, a few times, and never holds them up.

/** Logto's bodies are a few hundred bytes; anything this large is not a delivery. */
export const MAX_DELIVERY_BYTES = 256 * 1024;
const MAX_ATTEMPTS = 5;
const KEEP_PROCESSED_MS = 7 * 24 * 60 * 60 * 1000;

export type ReceiveResult = {
  status: 200 | 202 | 400 | 401 | 413 | 503;
  body: { status: 'accepted' | 'duplicate' } | { error: string; error_description: string };
  /** True when there is something new to process (call processPendingDeliveries after answering). */
  accepted: boolean;
};

const refusal = (status: ReceiveResult['status'], error: string, description: string): ReceiveResult => ({
  status,
  body: { error, error_description: description },
  accepted: false,
});

/**
 * Verifies the signature on the raw body (before parsing anything), then records the delivery
 * once. Nothing is changed for a refused delivery.
 */
export async function receiveLogtoWebhook(input: {
  db: Database;
  rawBody: Uint8Array;
  signature: string | null;
  signingKeys: readonly string[];
}): Promise<ReceiveResult> {
  if (input.signingKeys.length === 0) {
    return refusal(
      503,
      'webhooks_not_configured',
      'Set LOGTO_WEBHOOK_SIGNING_KEY to the signing key of the Logto webhook to receive deliveries; until then the app relies on its mirror expiring.',
    );
  }
  if (input.rawBody.byteLength > MAX_DELIVERY_BYTES) return refusal(413, 'payload_too_large', 'The body is too large for a Logto delivery');
  if (!isValidLogtoSignature(input.rawBody, input.signature, input.signingKeys)) {
    return refusal(401, 'invalid_signature', 'Missing or wrong logto-signature-sha-256');
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(input.rawBody).toString('utf8'));
  } catch {
    return refusal(400, 'invalid_body', 'The body is not JSON');
  }
  const envelope = deliveryEnvelopeSchema.safeParse(json);
  if (!envelope.success) return refusal(400, 'invalid_body', 'The body has no event');

  const id = createHash('sha256').update(input.rawBody).digest('hex');
  const inserted = await input.db
    .insert(logtoWebhookDeliveries)
    .values({ id, event: envelope.data.event, body: Buffer.from(input.rawBody).toString('utf8') })
    .onConflictDoNothing()
    .returning({ id: logtoWebhookDeliveries.id });
  if (inserted.length === 0) return { status: 200, body: { status: 'duplicate' }, accepted: false };
  return { status: 202, body: { status: 'accepted' }, accepted: true };
}

export type WebhookDeps = {
  db: Database;
  mirror: Mirror;
  sessions: {
    forgetOrganizationTokens: (userId: string, organizationId: string) => Promise<unknown>;
    deleteUserSessions: (userId: string) => Promise<unknown>;
  };
};

/** Applies one event; every step is idempotent, so a retried delivery changes nothing more. */
export async function applyLogtoEvent(deps: WebhookDeps, event: LogtoEvent): Promise<void> {
  const { mirror } = deps;
  switch (event.kind) {
    case 'organization.changed':
      // Read again rather than trust the body: deliveries may arrive out of order.
      await mirror.refreshOrganization(event.organizationId);
      return;
    case 'organization.deleted': {
      await removeOrganizationData(deps.db, event.organizationId);
      const members = await mirror.removeOrganization(event.organizationId);
      for (const userId of members) await deps.sessions.forgetOrganizationTokens(userId, event.organizationId);
      return;
    }
    case 'organization.membership': {
      const organization = await mirror.refreshOrganization(event.organizationId);
      if (!organization) return;
      const diff = await mirror.refreshMembers(event.organizationId).catch(async (error: unknown) => {
        // Deleted in between: its Organization.Deleted delivery follows.
        if (error instanceof LogtoApiError && error.status === 404) return null;
        throw error;
      });
      if (!diff) return;
      const lost = new Set([...diff.removed, ...diff.demoted]);
      // The mirror may never have listed who left; the removal's path names them.
      if (event.removedUserId && !lost.has(event.removedUserId) && !diff.added.includes(event.removedUserId)) {
        await mirror.removeMembership(event.organizationId, event.removedUserId);
        lost.add(event.removedUserId);
      }
      for (const userId of lost) await deps.sessions.forgetOrganizationTokens(userId, event.organizationId);
      return;
    }
    case 'user.changed':
      await mirror.refreshUser(event.userId);
      return;
    case 'user.deleted':
      await deps.sessions.deleteUserSessions(event.userId);
      await mirror.removeUser(event.userId);
      return;
    case 'user.suspension': {
      // Logto signs a suspended user out and refuses them new tokens; the app ends their
      // sessions and refuses the organization tokens they already hold. Memberships stay.
      const suspended = await mirror.refreshSuspension(event.userId);
      if (suspended) await deps.sessions.deleteUserSessions(event.userId);
      return;
    }
    case 'roles.changed':
      // A role that lost a scope also revokes the organization tokens issued until now.
      await mirror.refreshRoles();
      return;
    case 'ignored':
      return;
  }
}

/**
 * Applies recorded deliveries that are not done yet, oldest first (at most `limit`). Each one is
 * claimed before it runs, so two instances never apply the same delivery at once; a failure is
 * recorded on its row and the next delivery goes ahead.
 */
export async function processPendingDeliveries(deps: WebhookDeps, { limit = 20, now = Date.now() } = {}) {
  const { db } = deps;
  const pending = await db
    .select({ id: logtoWebhookDeliveries.id, body: logtoWebhookDeliveries.body, attempts: logtoWebhookDeliveries.attempts })
    .from(logtoWebhookDeliveries)
    .where(and(isNull(logtoWebhookDeliveries.processedAt), lt(logtoWebhookDeliveries.attempts, MAX_ATTEMPTS)))
    .orderBy(asc(logtoWebhookDeliveries.receivedAt))
    .limit(limit);
  const results: { id: string; ok: boolean }[] = [];
  for (const delivery of pending) {
    const claimed = await db
      .update(logtoWebhookDeliveries)
      .set({ attempts: delivery.attempts + 1 })
      .where(and(eq(logtoWebhookDeliveries.id, delivery.id), eq(logtoWebhookDeliveries.attempts, delivery.attempts), isNull(logtoWebhookDeliveries.processedAt)))
      .returning({ id: logtoWebhookDeliveries.id });
    if (claimed.length === 0) continue;
    try {
      const envelope = deliveryEnvelopeSchema.parse(JSON.parse(delivery.body ?? ''));
      await applyLogtoEvent(deps, interpretDelivery(envelope));
      await db
        .update(logtoWebhookDeliveries)
        .set({ processedAt: new Date(now), body: null, lastError: null })
        .where(eq(logtoWebhookDeliveries.id, delivery.id));
      results.push({ id: delivery.id, ok: true });
    } catch (error) {
      console.error('[webhooks] could not apply a Logto delivery (it is retried with the next ones):', error);
      await db
        .update(logtoWebhookDeliveries)
        .set({ lastError: error instanceof Error ? error.message.slice(0, 500) : 'failed' })
        .where(eq(logtoWebhookDeliveries.id, delivery.id));
      results.push({ id: delivery.id, ok: false });
    }
  }
  // Processed ids are kept for a week: long after Logto stops retrying a delivery.
  await db
    .delete(logtoWebhookDeliveries)
    .where(lt(logtoWebhookDeliveries.processedAt, new Date(now - KEEP_PROCESSED_MS)));
  return results;
}
