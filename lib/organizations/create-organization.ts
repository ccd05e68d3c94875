import { and, count, eq, gte, lt, ne } from 'drizzle-orm';
import { z } from 'zod';

import { userMessage, validationMessage } from '@/i18n/user-messages';
import { OWNER_ROLE } from '@/lib/auth/scopes';
import type { Database } from '@/lib/db/connect';
import { activityLog, organizationCreations } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import { LogtoApiError, type ManagementApi } from '@/lib/logto/management-api';

import { organizationDescriptionSchema, organizationNameSchema } from './schemas';

export const createOrganizationSchema = z.object({
  name: organizationNameSchema,
  description: organizationDescriptionSchema,
  idempotencyKey: z.uuid({ error: validationMessage('formExpired') }),
});

export type CreateOrganizationInput = z.infer<typeof createOrganizationSchema>;

export type CreateOrganizationDeps = {
  api: Pick<ManagementApi, 'organizations' | 'users' | 'request'>;
  db: Database;
  maxOwnedOrganizations: number;
  /** How long a second submission waits for the first one with the same key. */
  waitForDuplicateMs?: number;
  /** Overrides STALE_CREATION_MS (tests). */
  staleAfterMs?: number;
  /**
   * Called once per new creation (never for a repeated key), before the quota: the app's
   * per-hour rate limit. Throws to refuse.
   */
  limitCreations?: (userId: string) => Promise<void>;
};

export const CREATION_KEY_FIELD = 'creationKey';

/**
 * A claim still pending after this long belongs to a submission that died (a crash or a
 * redeploy between claiming the key and finishing): it no longer counts against the quota,
 * and a retry with the same key takes it over. Far above the few seconds a creation takes.
 */
export const STALE_CREATION_MS = 5 * 60 * 1000;


/**
 * Creates an organization owned by `userId`, exactly once per idempotency key:
 * create it in Logto, add the creator, make them `owner`; if any step after the create fails,
 * delete the organization again, so no orphan and no half-made membership is left behind.
 */
export async function createOrganization(
  deps: CreateOrganizationDeps,
  userId: string,
  input: CreateOrganizationInput,
): Promise<{ organizationId: string; created: boolean }> {
  const { db, api } = deps;
  const claim = await claimKey(deps, userId, input.idempotencyKey);
  if (claim.organizationId) return { organizationId: claim.organizationId, created: false };
  // The earlier submission may have got as far as creating it in Logto: remove that one (found
  // by its key) and start over, so the retry never leaves a half-made organization behind.
  if (claim.tookOverStaleClaim) await removeUnconfirmedCreation(deps, input);

  let organizationId: string | undefined;
  try {
    await deps.limitCreations?.(userId);
    await enforceQuota(deps, userId, input.idempotencyKey);

    try {
      const organization = await api.organizations.create({
        name: input.name,
        description: input.description,
        customData: { createdBy: userId, [CREATION_KEY_FIELD]: input.idempotencyKey },
      });
      organizationId = organization.id;
    } catch (error) {
      // A timeout leaves us not knowing whether Logto made it: look, and remove it if so.
      if (error instanceof LogtoApiError && error.status === 0) await removeUnconfirmedCreation(deps, input);
      throw error;
    }

    await api.organizations.addUsers(organizationId, [userId]);
    await api.organizations.addUserRolesByName(organizationId, userId, [OWNER_ROLE]);

    const createdId = organizationId;
    await db.transaction(async (tx) => {
      await tx.insert(activityLog).values({
        organizationId: createdId,
        actorId: userId,
        action: 'organization.created',
        target: createdId,
        metadata: { name: input.name },
      });
      await tx
        .update(organizationCreations)
        .set({ status: 'succeeded', organizationId: createdId })
        .where(eq(organizationCreations.idempotencyKey, input.idempotencyKey));
    });
    return { organizationId: createdId, created: true };
  } catch (error) {
    if (organizationId) await deleteQuietly(api, organizationId);
    await db.delete(organizationCreations).where(eq(organizationCreations.idempotencyKey, input.idempotencyKey));
    if (error instanceof AppError) throw error;
    if (error instanceof LogtoApiError) {
      console.error('[organizations] create failed:', error.status, error.code, error.message);
      throw organizationId || !error.isUnavailable
        ? new AppError('upstream_failed', userMessage('organizationSetupFailed'), { cause: error })
        : new AppError('upstream_unavailable', userMessage('logtoUnavailable'), { cause: error });
    }
    throw error;
  }
}

const staleBefore = (deps: CreateOrganizationDeps) => new Date(Date.now() - (deps.staleAfterMs ?? STALE_CREATION_MS));

type Claim = { organizationId: string | null; tookOverStaleClaim: boolean };

/**
 * Records the key as "pending" for this user. Returns the organization id when an earlier
 * submission with the same key already succeeded (or succeeds while we wait); else the key is
 * ours, possibly taken over from a submission that died (`tookOverStaleClaim`).
 */
async function claimKey(deps: CreateOrganizationDeps, userId: string, key: string): Promise<Claim> {
  const { db, waitForDuplicateMs = 20_000 } = deps;
  const deadline = Date.now() + waitForDuplicateMs;
  for (;;) {
    const inserted = await db
      .insert(organizationCreations)
      .values({ idempotencyKey: key, userId, status: 'pending' })
      .onConflictDoNothing()
      .returning({ key: organizationCreations.idempotencyKey });
    if (inserted.length > 0) return { organizationId: null, tookOverStaleClaim: false };

    const [row] = await db.select().from(organizationCreations).where(eq(organizationCreations.idempotencyKey, key));
    // The first submission failed and released the key in between: claim it again.
    if (!row) continue;
    if (row.userId !== userId) throw new AppError('invalid_input', userMessage('formExpired'));
    if (row.status === 'succeeded' && row.organizationId) return { organizationId: row.organizationId, tookOverStaleClaim: false };
    // A claim its submission never finished: take it over, atomically (one retry wins).
    const takenOver = await db
      .update(organizationCreations)
      .set({ createdAt: new Date() })
      .where(
        and(
          eq(organizationCreations.idempotencyKey, key),
          eq(organizationCreations.status, 'pending'),
          lt(organizationCreations.createdAt, staleBefore(deps)),
        ),
      )
      .returning({ key: organizationCreations.idempotencyKey });
    if (takenOver.length > 0) return { organizationId: null, tookOverStaleClaim: true };
    if (Date.now() > deadline) {
      throw new AppError('conflict', userMessage('organizationStillBeingCreated'));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function enforceQuota(deps: CreateOrganizationDeps, userId: string, key: string) {
  const organizations = await deps.api.users.organizations(userId);
  const owned = organizations.filter((organization) =>
    organization.organizationRoles.some((role) => role.name === OWNER_ROLE),
  ).length;
  // Creations of this user still in flight count too, so parallel submissions can't overshoot;
  // stale claims (their submission died) don't.
  const [pending] = await deps.db
    .select({ value: count() })
    .from(organizationCreations)
    .where(
      and(
        eq(organizationCreations.userId, userId),
        eq(organizationCreations.status, 'pending'),
        ne(organizationCreations.idempotencyKey, key),
        gte(organizationCreations.createdAt, staleBefore(deps)),
      ),
    );
  if (owned + (pending?.value ?? 0) >= deps.maxOwnedOrganizations) {
    throw new AppError('quota_exceeded', userMessage('organizationQuota', { owned: String(owned), max: String(deps.maxOwnedOrganizations) }));
  }
}

async function removeUnconfirmedCreation(deps: CreateOrganizationDeps, input: CreateOrganizationInput) {
  try {
    const { data } = await deps.api.request('GET', '/organizations', {
      query: { q: input.name, page: 1, page_size: 100 },
      schema: z.array(z.object({ id: z.string(), customData: z.record(z.string(), z.unknown()) })),
    });
    for (const organization of data) {
      if (organization.customData[CREATION_KEY_FIELD] === input.idempotencyKey) await deleteQuietly(deps.api, organization.id);
    }
  } catch (error) {
    console.error('[organizations] could not check for an unconfirmed creation:', error);
  }
}

async function deleteQuietly(api: CreateOrganizationDeps['api'], organizationId: string) {
  try {
    await api.organizations.delete(organizationId);
  } catch (error) {
    // IMPORTANT: this is the one place an orphan could survive; log it loudly with the id.
    console.error(`[organizations] could not delete half-created organization ${organizationId}:`, error);
  }
}
