import { describe, expect, it } from 'vitest';

import type { Database } from '@/lib/db/connect';
import { describeEachDatabase } from '@/tests/support/databases';

import { createRateLimiter, secondsUntilRoom } from './limiter';
import type { RateLimitPolicy } from './policies';

const policy = (limit: number, name = `test-${Math.random().toString(36).slice(2)}`): RateLimitPolicy => ({
  name,
  limit,
  windowSeconds: 60,
  what: 'apiRequests',
});

// 10 s into a minute window.
const START = Date.UTC(2026, 0, 1, 12, 0, 10);

/** The database, counting the limiter's writes (one insert statement each). */
function countingInserts(db: Database, writes: { count: number }): Database {
  return new Proxy(db, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== 'insert' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        writes.count += 1;
        return Reflect.apply(value, target, args);
      };
    },
  });
}

function limiterAt(db: Database, clock: { now: number }) {
  return createRateLimiter({ getDb: async () => db, now: () => clock.now });
}

describeEachDatabase('rate limiter', (getDb, database) => {
  it('allows up to the limit, then refuses without spending, and says when to retry', async () => {
    const clock = { now: START };
    const limiter = limiterAt(getDb(), clock);
    const limit = policy(3);
    const remaining = [];
    for (let i = 0; i < 3; i += 1) remaining.push((await limiter.consume({ policy: limit, key: 'k' })).remaining);
    expect(remaining).toEqual([2, 1, 0]);

    const refused = await limiter.consume({ policy: limit, key: 'k' });
    expect(refused).toMatchObject({ allowed: false, remaining: 0 });
    // Room again once the 3 spent this window have faded enough in the next one: 60 - 10 + 20 s.
    expect(refused.resetSeconds).toBe(70);
    // Other keys are untouched.
    expect((await limiter.consume({ policy: limit, key: 'other' })).allowed).toBe(true);
  });

  it('slides: the previous window counts by how much of it still overlaps', async () => {
    const clock = { now: START };
    const limiter = limiterAt(getDb(), clock);
    const limit = policy(4);
    for (let i = 0; i < 4; i += 1) expect((await limiter.consume({ policy: limit, key: 'k' })).allowed).toBe(true);
    // 15 s into the next window, 75 % of the previous 4 still count: 3 + 1 fits, then no more.
    clock.now = START + 65_000;
    expect((await limiter.consume({ policy: limit, key: 'k' })).allowed).toBe(true);
    expect((await limiter.consume({ policy: limit, key: 'k' })).allowed).toBe(false);
    // Two windows later nothing of the burst is left.
    clock.now = START + 170_000;
    expect((await limiter.consume({ policy: limit, key: 'k', cost: 4 })).allowed).toBe(true);
  });

  it('refuses a cost above the whole limit, and never limits when the limit is 0', async () => {
    const clock = { now: START };
    const limiter = limiterAt(getDb(), clock);
    expect((await limiter.consume({ policy: policy(5), key: 'k', cost: 6 })).allowed).toBe(false);
    const off = policy(0);
    for (let i = 0; i < 10; i += 1) expect((await limiter.consume({ policy: off, key: 'k' })).allowed).toBe(true);
  });

  it('consumeAll is all or nothing: a refusal gives back what the other limits spent', async () => {
    const clock = { now: START };
    const limiter = limiterAt(getDb(), clock);
    const wide = policy(10);
    const narrow = policy(3);
    const both = (cost: number) => limiter.consumeAll([{ policy: wide, key: 'k', cost }, { policy: narrow, key: 'k', cost }]);
    expect((await both(2)).every((decision) => decision.allowed)).toBe(true);
    const [refused] = await both(2);
    expect(refused).toMatchObject({ allowed: false, policy: narrow });
    // The wide limit got its 2 back: 8 left, so 8 more fit there alone.
    expect((await limiter.consume({ policy: wide, key: 'k', cost: 8 })).allowed).toBe(true);
  });

  it('is shared by two app instances on the same database, also under concurrency', async () => {
    const clock = { now: START };
    const other = await database.openInstance();
    const [first, second] = [limiterAt(getDb(), clock), limiterAt(other.db, clock)];
    const instances = [first, second];
    const limit = policy(20);
    const decisions = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? first : second).consume({ policy: limit, key: 'shared' })),
    );
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(20);
    // Either instance now refuses.
    for (const instance of instances) expect((await instance.consume({ policy: limit, key: 'shared' })).allowed).toBe(false);
  });

  it('a busy key reserves batches: one write per batch, and exactly the limit gets through', async () => {
    const clock = { now: START };
    const writes = { count: 0 };
    const limiter = limiterAt(countingInserts(getDb(), writes), clock);
    const limit = policy(1000); // batches of up to 20
    let allowed = 0;
    for (let i = 0; i < 1000; i += 1) if ((await limiter.consume({ policy: limit, key: 'busy' })).allowed) allowed += 1;
    expect(allowed).toBe(1000);
    expect((await limiter.consume({ policy: limit, key: 'busy' })).allowed).toBe(false);
    // 1, 2, 4, 8, 16, then 20 at a time, then single units where a batch no longer fits.
    expect(writes.count).toBeLessThan(100);
  });

  it('reservations of two instances never let more than the limit through together', async () => {
    const clock = { now: START };
    const other = await database.openInstance();
    const [first, second] = [limiterAt(getDb(), clock), limiterAt(other.db, clock)];
    const limit = policy(200); // batches of up to 4
    const decisions = await Promise.all(
      Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? first : second).consume({ policy: limit, key: 'shared' })),
    );
    const allowed = decisions.filter((decision) => decision.allowed).length;
    expect(allowed).toBeLessThanOrEqual(200);
    // What an instance still holds unspent when the other one runs dry is refused early: at
    // most a batch less one per instance.
    expect(allowed).toBeGreaterThanOrEqual(200 - 2 * 3);
  });

  it('units reserved in one window are not spent in the next', async () => {
    const clock = { now: START };
    const writes = { count: 0 };
    const limiter = limiterAt(countingInserts(getDb(), writes), clock);
    const limit = policy(100); // batches of up to 2
    await limiter.consume({ policy: limit, key: 'k' }); // reserves 1
    await limiter.consume({ policy: limit, key: 'k' }); // reserves 2, spends 1
    const afterTwo = writes.count;
    await limiter.consume({ policy: limit, key: 'k' }); // the reserved one
    expect(writes.count).toBe(afterTwo);
    await limiter.consume({ policy: limit, key: 'k' }); // reserves 2 more, 1 left over
    clock.now = START + 60_000;
    const before = writes.count;
    const next = await limiter.consume({ policy: limit, key: 'k' });
    expect(next.allowed).toBe(true);
    expect(writes.count).toBe(before + 1);
  });
});

describe('secondsUntilRoom', () => {
  const windowStart = START - 10_000;
  it.each([
    // Full this window, nothing before: wait for the next window to fade it by cost / limit.
    { count: 3, previousCount: 0, cost: 1, limit: 3, at: START, expected: 70 },
    // Room this window once the previous window's weight has faded to fit: 4 * (1 - f) <= 1 -> f = 0.75.
    { count: 2, previousCount: 4, cost: 1, limit: 4, at: START, expected: 35 },
    // Never less than a second.
    { count: 0, previousCount: 0, cost: 1, limit: 1, at: START, expected: 1 },
  ])('$count now, $previousCount before, cost $cost of $limit -> $expected s', ({ expected, ...input }) => {
    expect(secondsUntilRoom({ ...input, windowStart, windowMs: 60_000 })).toBe(expected);
  });
});
