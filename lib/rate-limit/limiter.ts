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
 * The most units one instance reserves from the shared counter at a time: a fiftieth of the
 * limit, at most 64, so a busy key costs one database write per batch instead of one per
 * request. Limits under 100 are always decided one unit at a time, exactly.
 */
export function reservationBatchLimit(policy: RateLimitPolicy): number {
  return Math.max(1, Math.min(64, Math.floor(policy.limit / 50)));
}

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
  // Units this instance reserved from the shared counter and has not spent yet, per stored key.
  // They belong to the window they were reserved in: the shared row already counts them, so the
  // sum over every instance never passes the limit. Left over at the window's end, they are
  // lost: another instance may be refused up to a batch early, never let through late.
  const reserved = new Map<string, { windowStart: number; left: number; batch: number; remaining: number }>();
  const MAX_RESERVATIONS = 10_000;

  async function sweep(db: Database, at: number) {
    // Cheap (indexed) and rare: at most once a minute per process.
    if (at - lastSweep < 60_000) return;
    lastSweep = at;
    await db.delete(rateLimits).where(lt(rateLimits.expiresAt, new Date(at)));
  }

  /** One unit, from this instance's reservation when it has one, else by reserving a batch. */
  async function consumeReserved(policy: RateLimitPolicy, key: string): Promise<RateLimitDecision> {
    const windowMs = policy.windowSeconds * 1000;
    const at = now();
    const windowStart = Math.floor(at / windowMs) * windowMs;
    const storedKey = `${policy.name}:${key}`;
    let held = reserved.get(storedKey);
    if (held && held.windowStart !== windowStart) {
      reserved.delete(storedKey);
      held = undefined;
    }
    if (held && held.left > 0) {
      held.left -= 1;
      return { policy, allowed: true, remaining: held.remaining + held.left, resetSeconds: Math.ceil((windowStart + windowMs - at) / 1000) };
    }
    // Reserve twice the last batch while the key stays busy this window; near the limit, where a
    // batch no longer fits, one unit at a time.
    const batch = Math.min(reservationBatchLimit(policy), held ? held.batch * 2 : 1);
    let decision = await consumeOne({ policy, key, cost: batch });
    let granted = batch;
    if (!decision.allowed && batch > 1) {
      decision = await consumeOne({ policy, key, cost: 1 });
      granted = 1;
    }
    if (!decision.allowed) return decision;
    const current = reserved.get(storedKey);
    if (current && current.windowStart === windowStart) {
      // Concurrent requests reserved too: pool what is left.
      current.left += granted - 1;
      current.batch = Math.max(current.batch, granted);
      current.remaining = Math.min(current.remaining, decision.remaining);
    } else {
      if (reserved.size >= MAX_RESERVATIONS) reserved.clear();
      reserved.set(storedKey, { windowStart, left: granted - 1, batch: granted, remaining: decision.remaining });
    }
    const mine = reserved.get(storedKey);
    return { ...decision, remaining: decision.remaining + (mine?.left ?? 0) };
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
    /**
     * Spends `cost` of `key`'s allowance under `policy`, if it fits. Single units of limits of
     * 100 and more come from a batch this instance reserved (see reservationBatchLimit).
     */
    consume(request: RateLimitRequest): Promise<RateLimitDecision> {
      const { policy, cost = 1 } = request;
      if (policy.limit === 0 || cost !== 1 || reservationBatchLimit(policy) === 1) return consumeOne(request);
      return consumeReserved(policy, request.key);
    },

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
