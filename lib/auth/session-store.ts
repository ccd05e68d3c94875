import { createHash, randomBytes } from 'node:crypto';

import { PersistKey, unwrapSession, wrapSession, type SessionData, type SessionWrapper } from '@logto/node';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { decodeJwt } from 'jose';

import type { Database } from '@/lib/db/connect';
import { sessions } from '@/lib/db/schema';

/** Matches the lifetime of @logto/node's session cookie; every write slides it. */
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
/**
 * A session nobody has signed in to yet (a sign-in started, not finished) lives this long: a
 * visitor or crawler following a sign-in link leaves at most a row that is swept in minutes.
 */
export const PENDING_SIGN_IN_TTL_MS = 15 * 60 * 1000;
const REFRESH_LEASE_MS = 15_000;
const REFRESH_WAIT_MS = 20_000;
const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

type GetDb = () => Promise<Database>;

const hashId = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');
const newSessionId = () => randomBytes(32).toString('base64url');

function subjectOf(data: SessionData): string | null {
  const idToken = data[PersistKey.IdToken];
  if (!idToken) return null;
  try {
    // Already verified by the SDK when it stored the token; here we only need to know whose it is.
    const { sub } = decodeJwt(idToken);
    return typeof sub === 'string' ? sub : null;
  } catch {
    return null;
  }
}

const isEmpty = (data: SessionData) => Object.values(data).every((value) => value === undefined || value === '');

/**
 * Keeps @logto/next's session (ID token, refresh token, every access and organization token)
 * in the app database instead of a cookie that breaks past 4 KB for members of many
 * organizations. The cookie carries a 256-bit random id.
 */
export function createSessionStore({ getDb, secret, now = () => Date.now() }: { getDb: GetDb; secret: string; now?: () => number }) {
  let lastSweep = 0;

  async function sweepExpired(db: Database) {
    // Cheap (indexed) and rare: at most once a minute per process.
    if (now() - lastSweep < 60_000) return;
    lastSweep = now();
    await db.delete(sessions).where(lt(sessions.expiresAt, new Date(now())));
  }

  async function readRow(sessionId: string) {
    if (!SESSION_ID_PATTERN.test(sessionId)) return undefined;
    const db = await getDb();
    const [row] = await db.select().from(sessions).where(eq(sessions.id, hashId(sessionId)));
    if (!row || row.expiresAt.getTime() <= now()) return undefined;
    return row;
  }

  const wrapper: SessionWrapper = {
    async unwrap(sessionId) {
      if (!sessionId) return {};
      const row = await readRow(sessionId);
      return row ? unwrapSession(row.data, secret) : {};
    },

    async wrap(data, _key, currentSessionId) {
      const db = await getDb();
      const existing = currentSessionId ? await readRow(currentSessionId) : undefined;

      if (isEmpty(data)) {
        // Sign-out (or a session the SDK cleared): the row goes, the cookie empties.
        if (existing) await db.delete(sessions).where(eq(sessions.id, existing.id));
        return '';
      }

      const userId = subjectOf(data);
      const expiresAt = new Date(now() + (userId ? SESSION_TTL_MS : PENDING_SIGN_IN_TTL_MS));
      const encrypted = await wrapSession(data, secret);

      // A new id whenever the session is new, unknown, or changes hands (sign-in completes,
      // or another user signs in): an id planted in a browser before sign-in is worthless after.
      if (!existing || existing.userId !== userId) {
        if (existing) await db.delete(sessions).where(eq(sessions.id, existing.id));
        const sessionId = newSessionId();
        await db.insert(sessions).values({ id: hashId(sessionId), userId, data: encrypted, expiresAt });
        await sweepExpired(db);
        return sessionId;
      }

      await db
        .update(sessions)
        .set({ data: encrypted, updatedAt: new Date(now()), expiresAt })
        .where(eq(sessions.id, existing.id));
      return currentSessionId ?? '';
    },
  };

  /** Runs `fn` while holding the lease of the session row `id` (hashed); see withRefreshLock. */
  async function withLease<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const db = await getDb();
    const deadline = now() + REFRESH_WAIT_MS;
    for (let attempt = 0; ; attempt += 1) {
      const acquired = await db
        .update(sessions)
        .set({ refreshLockedUntil: new Date(now() + REFRESH_LEASE_MS) })
        .where(
          and(
            eq(sessions.id, id),
            or(isNull(sessions.refreshLockedUntil), lt(sessions.refreshLockedUntil, new Date(now()))),
          ),
        )
        .returning({ id: sessions.id });
      if (acquired.length > 0) break;
      const [row] = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.id, id));
      // No such session: nothing to protect, let the SDK report "not authenticated".
      if (!row) return fn();
      if (now() > deadline) throw new Error('Timed out waiting for a parallel write of this session');
      await new Promise((resolve) => setTimeout(resolve, Math.min(25 * 2 ** attempt, 200)));
    }
    try {
      return await fn();
    } finally {
      await db.update(sessions).set({ refreshLockedUntil: null }).where(eq(sessions.id, id));
    }
  }

  /**
   * Runs `fn` while holding this session's lease, so that two parallel requests of one session
   * never both spend the same (rotating) refresh token: the second waits, then finds the token
   * the first one stored. Every other read-modify-write of a session row (forgetOrganizationTokens)
   * takes the same lease, so none of them writes back a spent refresh token or a dropped token.
   * The lease lives in the database, so it also holds across app instances, and expires by
   * itself if its holder dies.
   */
  async function withRefreshLock<T>(sessionId: string, fn: () => Promise<T>): Promise<T> {
    if (!SESSION_ID_PATTERN.test(sessionId)) return fn();
    return withLease(hashId(sessionId), fn);
  }

  /**
   * Drops the cached organization tokens of every session of `userId` (for one organization, or
   * all), so that the user's next request fetches a token with their current roles instead of
   * one that stays valid for up to an hour after a role change or removal. Each session is
   * read and rewritten under its lease: a token refresh of that session in flight finishes
   * first, and its result is what gets trimmed.
   */
  async function forgetOrganizationTokens(userId: string, organizationId?: string) {
    const db = await getDb();
    const ids = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId));
    let changed = 0;
    for (const { id } of ids) {
      const trimmed = await withLease(id, async () => {
        const [row] = await db.select({ data: sessions.data }).from(sessions).where(eq(sessions.id, id));
        if (!row) return false;
        const data = await unwrapSession(row.data, secret);
        const raw = data[PersistKey.AccessToken];
        if (!raw) return false;
        const tokens = JSON.parse(raw) as Record<string, unknown>;
        // @logto/client keys organization tokens "<scopes>@<resource>#<organizationId>".
        const keep = Object.entries(tokens).filter(([key]) => {
          const hash = key.lastIndexOf('#');
          if (hash === -1) return true;
          return organizationId !== undefined && key.slice(hash + 1) !== organizationId;
        });
        if (keep.length === Object.keys(tokens).length) return false;
        const next: SessionData = { ...data, [PersistKey.AccessToken]: JSON.stringify(Object.fromEntries(keep)) };
        await db
          .update(sessions)
          .set({ data: await wrapSession(next, secret), updatedAt: sql`now()` })
          .where(eq(sessions.id, id));
        return true;
      });
      if (trimmed) changed += 1;
    }
    return changed;
  }

  /** Signs every session of a user out for real (their refresh tokens become unreachable). */
  async function deleteUserSessions(userId: string) {
    const db = await getDb();
    await db.delete(sessions).where(eq(sessions.userId, userId));
  }

  /** Reads a session without going through the SDK (to peek at cached token expiry). */
  async function peek(sessionId: string): Promise<SessionData> {
    return wrapper.unwrap(sessionId, '');
  }

  return { wrapper, withRefreshLock, forgetOrganizationTokens, deleteUserSessions, peek };
}

export type SessionStore = ReturnType<typeof createSessionStore>;

/** For lib/auth/user-sessions.ts, which lists and signs out the rows this store writes. */
export { hashId as hashSessionId, SESSION_ID_PATTERN };
