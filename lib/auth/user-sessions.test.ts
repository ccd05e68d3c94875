import { PersistKey, type SessionData } from '@logto/node';
import { eq } from 'drizzle-orm';
import { UnsecuredJWT } from 'jose';
import { expect, it } from 'vitest';

import { sessions } from '@/lib/db/schema';
import { describeEachDatabase } from '@/tests/support/databases';

import { createSessionStore } from './session-store';
import { createUserSessions, TOUCH_INTERVAL_MS } from './user-sessions';

const secret = 'test-cookie-secret-that-is-long-enough-1234';
const FIREFOX_ON_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI_ON_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

const signedIn = (sub: string, refreshToken: string): SessionData => ({
  [PersistKey.IdToken]: new UnsecuredJWT({ sub }).setIssuedAt().setExpirationTime('1h').encode(),
  [PersistKey.RefreshToken]: refreshToken,
});

describeEachDatabase('user sessions', (getDb) => {
  function setup(start = Date.parse('2026-03-01T12:00:00Z')) {
    const clock = { now: start };
    const revoked: string[] = [];
    const deps = { getDb: async () => getDb(), secret, now: () => clock.now };
    const store = createSessionStore(deps);
    const userSessions = createUserSessions({
      ...deps,
      revokeRefreshToken: async (token) => {
        revoked.push(token);
      },
    });
    const signIn = (user: string, refreshToken = `rt-${user}-${Math.random()}`) => store.wrapper.wrap(signedIn(user, refreshToken), '', '');
    return { clock, revoked, store, userSessions, signIn };
  }

  it("lists the user's sessions with their browser, this one first and marked", async () => {
    const { userSessions, signIn, clock } = setup();
    const laptop = await signIn('list-user');
    const phone = await signIn('list-user');
    await signIn('list-someone-else');
    await userSessions.touch(laptop, FIREFOX_ON_LINUX);
    clock.now += 60_000;
    await userSessions.touch(phone, SAFARI_ON_IPHONE);

    const listed = await userSessions.list('list-user', laptop);
    expect(listed.map(({ device, current }) => [device.browser, device.os, device.kind, current])).toEqual([
      ['Firefox 133', 'Linux', 'desktop', true],
      ['Safari 18', 'iOS', 'mobile', false],
    ]);
    expect(listed[1]?.lastUsedAt.getTime()).toBe(clock.now);
  });

  it('leaves out expired sessions', async () => {
    const { userSessions, signIn, clock } = setup();
    await signIn('expiring-user');
    clock.now += 15 * 24 * 60 * 60 * 1000;
    const fresh = await signIn('expiring-user');
    const listed = await userSessions.list('expiring-user', fresh);
    expect(listed).toHaveLength(1);
    expect(listed[0]?.current).toBe(true);
  });

  it('writes the last-used time at most once per interval', async () => {
    const { userSessions, signIn, clock } = setup();
    const id = await signIn('touch-user');
    const lastUsed = async () => (await userSessions.list('touch-user', id))[0]?.lastUsedAt.getTime();

    await userSessions.touch(id, FIREFOX_ON_LINUX); // the first touch records the browser
    const first = await lastUsed();
    clock.now += TOUCH_INTERVAL_MS - 1_000;
    await userSessions.touch(id, FIREFOX_ON_LINUX);
    expect(await lastUsed()).toBe(first);
    clock.now += 2_000;
    await userSessions.touch(id, FIREFOX_ON_LINUX);
    expect(await lastUsed()).toBe(clock.now);
  });

  it('signs one session out: its row goes and its refresh token is revoked', async () => {
    const { userSessions, signIn, store, revoked } = setup();
    const keep = await signIn('one-user', 'rt-keep');
    const lost = await signIn('one-user', 'rt-lost');
    const [target] = (await userSessions.list('one-user', keep)).filter((session) => !session.current);

    expect(await userSessions.signOut('one-user', target?.id ?? '')).toBe(true);
    expect(revoked).toEqual(['rt-lost']);
    expect(await store.wrapper.unwrap(lost, '')).toEqual({}); // that browser is signed out
    expect(await store.wrapper.unwrap(keep, '')).not.toEqual({});
    expect(await userSessions.signOut('one-user', target?.id ?? '')).toBe(false); // already gone
  });

  it("never signs out another user's session, even given its id", async () => {
    const { userSessions, signIn, store, revoked } = setup();
    const mine = await signIn('honest-user');
    const theirs = await signIn('victim-user', 'rt-victim');
    const [victimSession] = await userSessions.list('victim-user', theirs);

    expect(await userSessions.signOut('honest-user', victimSession?.id ?? '')).toBe(false);
    expect(revoked).toEqual([]);
    expect(await store.wrapper.unwrap(theirs, '')).not.toEqual({});
    expect(await userSessions.list('honest-user', mine)).toHaveLength(1);
  });

  it("signs out every other session of the user and keeps this one and other users' sessions", async () => {
    const { userSessions, signIn, store, revoked } = setup();
    const here = await signIn('many-user', 'rt-here');
    const others = [await signIn('many-user', 'rt-a'), await signIn('many-user', 'rt-b')];
    const bystander = await signIn('bystander-user', 'rt-bystander');

    expect(await userSessions.signOutOthers('many-user', here)).toBe(2);
    expect(revoked.sort()).toEqual(['rt-a', 'rt-b']);
    for (const id of others) expect(await store.wrapper.unwrap(id, '')).toEqual({});
    expect((await userSessions.list('many-user', here)).map((session) => session.current)).toEqual([true]);
    expect(await store.wrapper.unwrap(bystander, '')).not.toEqual({});
    expect(await userSessions.signOutOthers('many-user', here)).toBe(0);
  });

  it('still signs a session out when Logto cannot be reached to revoke its token', async () => {
    const deps = { getDb: async () => getDb(), secret };
    const store = createSessionStore(deps);
    const userSessions = createUserSessions({
      ...deps,
      revokeRefreshToken: () => Promise.reject(new Error('connect ECONNREFUSED')),
    });
    const here = await store.wrapper.wrap(signedIn('offline-user', 'rt-1'), '', '');
    await store.wrapper.wrap(signedIn('offline-user', 'rt-2'), '', '');
    expect(await userSessions.signOutOthers('offline-user', here)).toBe(1);
    expect(await getDb().select().from(sessions).where(eq(sessions.userId, 'offline-user'))).toHaveLength(1);
  });
});
