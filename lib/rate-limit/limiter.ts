import { and, eq, lt, sql } from 'drizzle-orm';

import type { Database } from '@/lib/db/connect';
import { rateLimits } from '@/lib/db/schema';

import type { RateLimitPolicy } from './policies';

export type RateLimitDecision = {
  policy: RateLimitPolicy;
  allowed: boolean;
  /** What the key may still spend now (0 when refused). */
  remaining: number;
  /** Seconds until the current window ends (allowed) or until a retry can succeed (refused). */
  resetSeconds: number;
};

export type RateLimitRequest = { policy: RateLimitPolicy; key: string; cost?: number };

/**
 * A sliding-window counter in the app database, so that every instance of the app shares it.
 * Each key keeps this window's count and the previous window's; the estimate weighs the
 * previous one by how much of it still overlaps the last `windowSeconds` (the approximation
 * popularized by Cloudflare), so a burst at a window boundary can't spend twice the limit.
 *
 * One statement per check: an upsert whose ON CONFLICT ... WHERE decides on the locked row,
 * so concurrent requests on any number of instances never both spend the last unit, and a
 * refused request spends nothing.
 */
export function createRateLimiter({ getDb, now = () => Date.now() }: { getDb: () => Promise<Database>; now?: () => number }) {
  let lastSweep = 0;

  async function sweep(db: Database, at: number) {
    // Cheap (indexed) and rare: at most once a minute per process.
    if (at - lastSweep < 60_000) return;
    lastSweep = at;
    await db.delete(rateLimits).where(lt(rateLimits.expiresAt, new Date(at)));
  }

  async function consumeOne({ policy, key, cost = 1 }: RateLimitRequest): Promise<RateLimitDecision> {
    const windowMs = policy.windowSeconds * 1000;
    const at = now();
    const windowStart = Math.floor(at / windowMs) * windowMs;
    const windowEnd = windowStart + windowMs;
    const untilWindowEnd = Math.ceil((windowEnd - at) / 1000);
    if (policy.limit === 0) return { policy, allowed: true, remaining: Number.POSITIVE_INFINITY, resetSeconds: untilWindowEnd };
    // More than a whole window allows can never pass: refuse without touching the database.
    if (cost > policy.limit) return { policy, allowed: false, remaining: 0, resetSeconds: Number.POSITIVE_INFINITY };

    const db = await getDb();
    const storedKey = `${policy.name}:${key}`;
    const start = sql`${new Date(windowStart).toISOString()}::timestamptz`;
    const previousStart = sql`${new Date(windowStart - windowMs).toISOString()}::timestamptz`;
    // The stored row seen from this window: a row from another instance whose clock is a little
    // ahead counts as this window.
    const current = sql`(case when ${rateLimits.windowStart} >= ${start} then ${rateLimits.count} else 0 end)`;
    const previous = sql`(case when ${rateLimits.windowStart} >= ${start} then ${rateLimits.previousCount} when ${rateLimits.windowStart} = ${previousStart} then ${rateLimits.count} else 0 end)`;
    const overlap = 1 - (at - windowStart) / windowMs;
    const expiresAt = new Date(windowEnd + windowMs);

    const [row] = await db
      .insert(rateLimits)
      .values({ key: storedKey, windowStart: new Date(windowStart), count: cost, previousCount: 0, expiresAt })
      .onConflictDoUpdate({
        target: rateLimits.key,
        set: {
          previousCount: previous,
          count: sql`${current} + ${cost}`,
          windowStart: sql`greatest(${rateLimits.windowStart}, ${start})`,
          expiresAt: sql`greatest(${rateLimits.expiresAt}, ${expiresAt.toISOString()}::timestamptz)`,
        },
        setWhere: sql`${previous} * ${overlap}::float8 + ${current} + ${cost} <= ${policy.limit}`,
      })
      .returning({ count: rateLimits.count, previousCount: rateLimits.previousCount });
    await sweep(db, at);

    if (row) {
      const used = row.previousCount * overlap + row.count;
      return { policy, allowed: true, remaining: Math.max(0, Math.floor(policy.limit - used)), resetSeconds: untilWindowEnd };
    }
    const [stored] = await db.select().from(rateLimits).where(eq(rateLimits.key, storedKey));
    const sameWindow = stored !== undefined && stored.windowStart.getTime() >= windowStart;
    const count = sameWindow ? stored.count : 0;
    const previousCount = sameWindow ? stored.previousCount : stored?.windowStart.getTime() === windowStart - windowMs ? stored.count : 0;
    return { policy, allowed: false, remaining: 0, resetSeconds: secondsUntilRoom({ at, windowStart, windowMs, count, previousCount, cost, limit: policy.limit }) };
  }

  async function refund({ policy, key, cost = 1 }: RateLimitRequest) {
    if (policy.limit === 0) return;
    const windowMs = policy.windowSeconds * 1000;
    const windowStart = new Date(Math.floor(now() / windowMs) * windowMs);
    const db = await getDb();
    await db
      .update(rateLimits)
      .set({ count: sql`greatest(${rateLimits.count} - ${cost}, 0)` })
      .where(and(eq(rateLimits.key, `${policy.name}:${key}`), eq(rateLimits.windowStart, windowStart)));
  }

  return {
    /** Spends `cost` of `key`'s allowance under `policy`, if it fits. */
    consume: consumeOne,

    /**
     * Spends from several limits at once (e.g. per organization and per inviter): all or
     * nothing. The first refusal gives back what the earlier ones spent, and is returned.
     */
    async consumeAll(requests: RateLimitRequest[]): Promise<RateLimitDecision[]> {
      const decisions: RateLimitDecision[] = [];
      for (const request of requests) {
        const decision = await consumeOne(request);
        if (!decision.allowed) {
          for (const spent of requests.slice(0, decisions.length)) await refund(spent);
          return [decision];
        }
        decisions.push(decision);
      }
      return decisions;
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

/**
 * When a refused request of `cost` fits again: later in this window, as the previous window's
 * weight fades, or in the next one, as this window's count becomes the fading one.
 */
export function secondsUntilRoom(input: {
  at: number;
  windowStart: number;
  windowMs: number;
  count: number;
  previousCount: number;
  cost: number;
  limit: number;
}): number {
  const { at, windowStart, windowMs, count, previousCount, cost, limit } = input;
  let fitsAt: number;
  const roomThisWindow = limit - count - cost;
  if (roomThisWindow >= 0 && previousCount > 0) {
    // previousCount * (1 - f) <= roomThisWindow
    fitsAt = windowStart + Math.max(0, 1 - roomThisWindow / previousCount) * windowMs;
  } else if (count > 0) {
    // In the next window: count * (1 - f) + cost <= limit
    fitsAt = windowStart + windowMs + Math.max(0, 1 - (limit - cost) / count) * windowMs;
  } else {
    fitsAt = at;
  }
  return Math.max(1, Math.ceil((fitsAt - at) / 1000));
}
