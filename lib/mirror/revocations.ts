import 'server-only';

import { and, inArray, max, sql } from 'drizzle-orm';

import type { Database } from '@/lib/db/connect';
import { organizationTokenRevocations } from '@/lib/db/schema';

// The revocation record for organization tokens. Logto's organization tokens are JWTs that stay
// valid until they expire (an hour by default) whatever happens to the membership; the app keeps,
// per organization and subject, the moment its authority last shrank (left, removed, lost a role,
// user or organization deleted, API key revoked: the subject is then the key's app id) and
// refuses tokens issued before it.

/**
 * Stands for every subject (the whole organization's tokens: it was deleted) or, as the
 * organization, for every organization (a role lost scopes in Logto).
 */
export const EVERYONE = '*';

type Writer = Pick<Database, 'insert'>;

// Lookups are cached for a moment, so a busy API client costs one query a second, not one per
// request. Revocations written by this process clear the cache at once; other instances see
// them within REVOCATION_CACHE_MS.
const REVOCATION_CACHE_MS = 1000;
const cache = new Map<string, { revokedAtMs: number | null; until: number }>();
const MAX_CACHE_ENTRIES = 10_000;

/** Drops cached lookups (after a transaction that revoked something committed). */
export function forgetCachedRevocations() {
  cache.clear();
}

/** Records that tokens for `organizationId` issued before `at` no longer speak for `subjects`. */
export async function revokeOrganizationTokens(db: Writer, organizationId: string, subjects: readonly string[], at: Date) {
  if (subjects.length === 0) return;
  await db
    .insert(organizationTokenRevocations)
    .values(subjects.map((userId) => ({ organizationId, userId, revokedAt: at })))
    .onConflictDoUpdate({
      target: [organizationTokenRevocations.organizationId, organizationTokenRevocations.userId],
      set: { revokedAt: sql`greatest(${organizationTokenRevocations.revokedAt}, excluded.revoked_at)` },
    });
  cache.clear();
}

/**
 * True when a token for `organizationId` whose subject is `subject`, issued at `issuedAt`
 * (seconds, the `iat` claim), predates the latest revocation for that subject or for everyone.
 * `iat` has one-second precision: a token from the same second as the revocation is refused
 * (its holder gets a new one), never the other way round.
 */
export async function isOrganizationTokenRevoked(
  db: Database,
  organizationId: string,
  subject: string,
  issuedAt: number,
  now = Date.now(),
): Promise<boolean> {
  const key = `${organizationId}\n${subject}`;
  let entry = cache.get(key);
  if (!entry || entry.until <= now) {
    const [row] = await db
      .select({ revokedAt: max(organizationTokenRevocations.revokedAt) })
      .from(organizationTokenRevocations)
      .where(
        and(
          inArray(organizationTokenRevocations.organizationId, [organizationId, EVERYONE]),
          inArray(organizationTokenRevocations.userId, [subject, EVERYONE]),
        ),
      );
    if (cache.size >= MAX_CACHE_ENTRIES) cache.clear();
    entry = { revokedAtMs: row?.revokedAt ? new Date(row.revokedAt).getTime() : null, until: now + REVOCATION_CACHE_MS };
    cache.set(key, entry);
  }
  return entry.revokedAtMs !== null && issuedAt * 1000 <= entry.revokedAtMs;
}
