import type { IncomingMessage } from 'node:http';

import type { Queryable } from '../db/database.js';
import type { WebhookDispatcher } from '../hooks/dispatcher.js';
import { interactionMetadata } from '../hooks/request-context.js';
import { provisionByEmailDomain } from '../store/jit.js';
import type { UserRecord } from '../store/users.js';

/**
 * Logto's organization JIT by e-mail domain, applied where Logto applies it: when the
 * experience creates a user (registration), never at a later sign-in. Logto only ever has a
 * primary e-mail at registration once its verification code was entered; this server has no
 * e-mail codes, so the address a new account registers with stands for a verified one.
 * Runs in the transaction that creates the user.
 */
export async function provisionNewUser(tx: Queryable, user: UserRecord): Promise<string[]> {
  return user.primaryEmail ? provisionByEmailDomain(tx, user.id, user.primaryEmail) : [];
}

/** Logto reports each organization a new user joined by JIT as a membership change. */
export function reportJitMemberships(
  hooks: WebhookDispatcher,
  req: IncomingMessage,
  organizationIds: readonly string[],
  interaction: { applicationId?: string; sessionId: string },
): void {
  if (organizationIds.length === 0) return;
  hooks.dispatch(
    organizationIds.map((organizationId) => ({ event: 'Organization.Membership.Updated' as const, fields: { organizationId } })),
    interactionMetadata(req, { event: 'Register', ...interaction }),
  );
}
