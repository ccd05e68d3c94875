import { PersistKey, type SessionData } from '@logto/node';
import { eq } from 'drizzle-orm';
import { UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';

import { sessions } from '@/lib/db/schema';
import { describeEachDatabase } from '@/tests/support/databases';

import { createSessionStore, PENDING_SIGN_IN_TTL_MS } from './session-store';

const secret = 'test-cookie-secret-that-is-long-enough-1234';

const idTokenFor = (sub: string, claims: Record<string, unknown> = {}) =>
  new UnsecuredJWT({ sub, ...claims }).setIssuedAt().setExpirationTime('1h').encode();

const signedIn = (sub: string, extra: SessionData = {}): SessionData => ({
  [PersistKey.IdToken]: idTokenFor(sub),
  [PersistKey.RefreshToken]: `refresh-${sub}`,
  ...extra,
});

describeEachDatabase('session store', (getDb) => {
  const store = () => createSessionStore({ getDb: async () => getDb(), secret });

  it('stores the session server-side and gives the cookie only a random id', async () => {
    const { wrapper } = store();
    const data = signedIn('user-1');
    const id = await wrapper.wrap(data, '', '');
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await wrapper.unwrap(id, '')).toEqual(data);

    const [row] = await getDb().select().from(sessions).where(eq(sessions.userId, 'user-1'));
    expect(row?.id).not.toBe(id); // only a hash of the id is stored
    expect(row?.data).not.toContain('refresh-user-1'); // encrypted at rest
  });

  it('keeps the cookie under 200 bytes for a member of 300 organizations', async () => {
    const { wrapper } = store();
    const organizations = Array.from({ length: 300 }, (_, index) => `org${String(index).padStart(9, '0')}`);
    const organizationTokens = Object.fromEntries(
      organizations.map((id) => [`@#${id}`, { token: 'x'.repeat(900), scope: 'read:projects', expiresAt: 2e9 }]),
    );
    const data = signedIn('member-of-many', {
      [PersistKey.IdToken]: idTokenFor('member-of-many', {
        organizations,
        organization_roles: organizations.map((id) => `${id}:owner`),
      }),
      [PersistKey.AccessToken]: JSON.stringify(organizationTokens),
    });
    expect(JSON.stringify(data).length).toBeGreaterThan(300_000);

    const id = await wrapper.wrap(data, '', '');
    const cookie = `logto_local-web-app=${id}; Path=/; Max-Age=1209600; HttpOnly; SameSite=Lax`;
    expect(Buffer.byteLength(cookie)).toBeLessThan(200);
    expect(await wrapper.unwrap(id, '')).toEqual(data);
  });

  it('updates a session in place while the same user stays signed in', async () => {
    const { wrapper } = store();
    const id = await wrapper.wrap(signedIn('user-2'), '', '');
    const next = signedIn('user-2', { [PersistKey.AccessToken]: '{}' });
    expect(await wrapper.wrap(next, '', id)).toBe(id);
    expect(await wrapper.unwrap(id, '')).toEqual(next);
  });

  it('issues a new id when sign-in completes, so a planted pre-sign-in id is worthless', async () => {
    const { wrapper } = store();
    const before = await wrapper.wrap({ [PersistKey.SignInSession]: '{"state":"s"}' }, '', '');
    // One value: a second one made later could carry another issued-at second.
    const session = signedIn('user-3');
    const after = await wrapper.wrap(session, '', before);
    expect(after).not.toBe(before);
    expect(await wrapper.unwrap(before, '')).toEqual({});
    expect(await wrapper.unwrap(after, '')).toEqual(session);
  });

  it('never adopts an id it did not issue', async () => {
    const { wrapper } = store();
    const planted = 'a'.repeat(43);
    const id = await wrapper.wrap(signedIn('user-4'), '', planted);
    expect(id).not.toBe(planted);
    expect(await wrapper.unwrap(planted, '')).toEqual({});
    expect(await wrapper.unwrap('not-even-an-id', '')).toEqual({});
  });

  it('deletes the row on sign-out', async () => {
    const { wrapper } = store();
    const id = await wrapper.wrap(signedIn('user-5'), '', '');
    expect(await wrapper.wrap({}, '', id)).toBe('');
    expect(await getDb().select().from(sessions).where(eq(sessions.userId, 'user-5'))).toEqual([]);
  });

  it('treats expired sessions as signed out and sweeps them', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const timed = createSessionStore({ getDb: async () => getDb(), secret, now: () => clock });
    const stale = await timed.wrapper.wrap(signedIn('user-6'), '', '');
    clock += 15 * 24 * 60 * 60 * 1000;
    expect(await timed.wrapper.unwrap(stale, '')).toEqual({});
    await timed.wrapper.wrap(signedIn('user-7'), '', ''); // a new session triggers the sweep
    expect(await getDb().select().from(sessions).where(eq(sessions.userId, 'user-6'))).toEqual([]);
  });

  it('lets one request at a time hold the refresh lease of a session', async () => {
    const { wrapper, withRefreshLock } = store();
    const id = await wrapper.wrap(signedIn('user-8'), '', '');
    const events: string[] = [];
    const task = (name: string) =>
      withRefreshLock(id, async () => {
        events.push(`${name}:start`);
        await new Promise((resolve) => setTimeout(resolve, 60));
        events.push(`${name}:end`);
        return name;
      });
    expect(await Promise.all([task('a'), task('b')])).toEqual(['a', 'b']);
    // No interleaving: whoever started first also ended before the other started.
    expect(events[1]?.endsWith(':end')).toBe(true);
    expect(events[0]?.split(':')[0]).toBe(events[1]?.split(':')[0]);
  });

  it('releases the lease when the work fails', async () => {
    const { wrapper, withRefreshLock } = store();
    const id = await wrapper.wrap(signedIn('user-9'), '', '');
    await expect(withRefreshLock(id, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(withRefreshLock(id, async () => 'next')).resolves.toBe('next');
  });

  it("forgets one organization's cached tokens in every session of a user, and nothing else", async () => {
    const { wrapper, forgetOrganizationTokens } = store();
    const tokens = {
      '@': { token: 'plain', scope: '', expiresAt: 2e9 },
      '@https://api.example.com': { token: 'api', scope: 'create:organizations', expiresAt: 2e9 },
      '@#org-a': { token: 'a', scope: 'read:projects', expiresAt: 2e9 },
      '@#org-b': { token: 'b', scope: 'read:projects', expiresAt: 2e9 },
    };
    const data = signedIn('user-10', { [PersistKey.AccessToken]: JSON.stringify(tokens) });
    const first = await wrapper.wrap(data, '', '');
    const second = await wrapper.wrap(data, '', '');
    const other = await wrapper.wrap(signedIn('user-11', { [PersistKey.AccessToken]: JSON.stringify(tokens) }), '', '');

    expect(await forgetOrganizationTokens('user-10', 'org-a')).toBe(2);
    for (const id of [first, second]) {
      const left = JSON.parse((await wrapper.unwrap(id, ''))[PersistKey.AccessToken] ?? '{}') as object;
      expect(Object.keys(left).sort()).toEqual(['@', '@#org-b', '@https://api.example.com']);
    }
    const untouched = JSON.parse((await wrapper.unwrap(other, ''))[PersistKey.AccessToken] ?? '{}') as object;
    expect(Object.keys(untouched)).toHaveLength(4);

    await forgetOrganizationTokens('user-10');
    const none = JSON.parse((await wrapper.unwrap(first, ''))[PersistKey.AccessToken] ?? '{}') as object;
    expect(Object.keys(none).sort()).toEqual(['@', '@https://api.example.com']);
  });

  it('keeps a session nobody has signed in to for minutes only, then sweeps it', async () => {
    let clock = Date.parse('2026-02-01T00:00:00Z');
    const timed = createSessionStore({ getDb: async () => getDb(), secret, now: () => clock });
    const pending = await timed.wrapper.wrap({ [PersistKey.SignInSession]: '{"state":"crawler"}' }, '', '');
    const pendingRows = () => getDb().select().from(sessions).where(eq(sessions.expiresAt, new Date(Date.parse('2026-02-01T00:00:00Z') + PENDING_SIGN_IN_TTL_MS)));
    expect(await pendingRows()).toHaveLength(1);
    expect(PENDING_SIGN_IN_TTL_MS).toBeLessThanOrEqual(15 * 60 * 1000);

    clock += PENDING_SIGN_IN_TTL_MS + 1;
    expect(await timed.wrapper.unwrap(pending, '')).toEqual({});
    await timed.wrapper.wrap(signedIn('user-12'), '', ''); // a new session triggers the sweep
    expect(await pendingRows()).toEqual([]);
    // Signed in, the session lives its full lifetime.
    const [signedInRow] = await getDb().select().from(sessions).where(eq(sessions.userId, 'user-12'));
    expect(signedInRow?.expiresAt.getTime()).toBe(clock + 14 * 24 * 60 * 60 * 1000);
  });

  describe('a token refresh and a token drop on one session', () => {
    const tokens = {
      '@#org-a': { token: 'a', scope: 'read:projects', expiresAt: 2e9 },
      '@#org-b': { token: 'b-old', scope: 'read:projects', expiresAt: 1 },
    };
    const initial = (user: string) => signedIn(user, { [PersistKey.AccessToken]: JSON.stringify(tokens) });

    /** What the SDK does under the lease: read the session, spend the refresh token, write it all back. */
    function refresh(store: ReturnType<typeof createSessionStore>, id: string, { midway }: { midway: () => Promise<void> }) {
      return store.withRefreshLock(id, async () => {
        const data = await store.wrapper.unwrap(id, '');
        await midway();
        const cached = JSON.parse(data[PersistKey.AccessToken] ?? '{}') as Record<string, unknown>;
        const next = {
          ...data,
          [PersistKey.RefreshToken]: 'refresh-rotated',
          [PersistKey.AccessToken]: JSON.stringify({ ...cached, '@#org-b': { token: 'b-new', scope: 'read:projects', expiresAt: 2e9 } }),
        };
        await store.wrapper.wrap(next, '', id);
      });
    }

    const stateOf = async (store: ReturnType<typeof createSessionStore>, id: string) => {
      const data = await store.wrapper.unwrap(id, '');
      return { refreshToken: data[PersistKey.RefreshToken], organizations: Object.keys(JSON.parse(data[PersistKey.AccessToken] ?? '{}') as object).sort() };
    };

    it('a drop that starts during the refresh waits for it, then trims its result', async () => {
      const store = createSessionStore({ getDb: async () => getDb(), secret });
      const id = await store.wrapper.wrap(initial('user-13'), '', '');
      let drop: Promise<number> | undefined;
      await refresh(store, id, {
        midway: async () => {
          drop = store.forgetOrganizationTokens('user-13', 'org-a');
          // Give the drop every chance to write in the middle of the refresh.
          await new Promise((resolve) => setTimeout(resolve, 150));
        },
      });
      expect(await drop).toBe(1);
      expect(await stateOf(store, id)).toEqual({ refreshToken: 'refresh-rotated', organizations: ['@#org-b'] });
    });

    it.each([0, 5, 15, 40, 80])('started %i ms apart, in whichever order they get the lease, neither write is lost', async (gap) => {
      const store = createSessionStore({ getDb: async () => getDb(), secret });
      const user = `user-race-${gap}`;
      const id = await store.wrapper.wrap(initial(user), '', '');
      const refreshed = refresh(store, id, { midway: () => new Promise((resolve) => setTimeout(resolve, 30)) });
      await new Promise((resolve) => setTimeout(resolve, gap));
      const dropped = await store.forgetOrganizationTokens(user, 'org-a');
      await refreshed;
      expect(dropped).toBe(1);
      expect(await stateOf(store, id)).toEqual({ refreshToken: 'refresh-rotated', organizations: ['@#org-b'] });
    });
  });
});
