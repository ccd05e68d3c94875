import 'server-only';

import { PersistKey, unwrapSession } from '@logto/node';
import { and, desc, eq, gt, isNull, lt, ne, or } from 'drizzle-orm';

import type { Database } from '@/lib/db/connect';
import { sessions } from '@/lib/db/schema';

import { describeDevice, type Device } from './device';
import { hashSessionId, SESSION_ID_PATTERN } from './session-store';

/** Last-used times are approximate on purpose: one write per session per this interval at most. */
export const TOUCH_INTERVAL_MS = 5 * 60 * 1000;
const MAX_USER_AGENT_LENGTH = 512;
const MAX_REMEMBERED_TOUCHES = 10_000;

export type UserSession = {
  /** The row id (a SHA-256 of the cookie value): names the session without revealing its cookie. */
  id: string;
  device: Device;
  createdAt: Date;
  lastUsedAt: Date;
  current: boolean;
};

type Deps = {
  getDb: () => Promise<Database>;
  /** LOGTO_COOKIE_SECRET: the rows' data is encrypted with it (see session-store.ts). */
  secret: string;
  revokeRefreshToken: (token: string) => Promise<void>;
  now?: () => number;
};

/**
 * The signed-in user's view of their sessions (the rows of session-store.ts): list them, and
 * sign one or all others out. Every query filters on the user id, so an id from another user's
 * session matches nothing.
 */
export function createUserSessions({ getDb, secret, revokeRefreshToken, now = () => Date.now() }: Deps) {
  // Per process: which sessions were touched recently, so most requests skip the write entirely.
  const touchedAt = new Map<string, number>();

  /**
   * Records that a session was used, from which browser. Cheap: at most one UPDATE per session
   * every TOUCH_INTERVAL_MS per process, and the WHERE clause keeps it at that across processes.
   */
  async function touch(sessionId: string, userAgent: string | null) {
    if (!SESSION_ID_PATTERN.test(sessionId)) return;
    const id = hashSessionId(sessionId);
    const at = now();
    if (at - (touchedAt.get(id) ?? -Infinity) < TOUCH_INTERVAL_MS) return;
    if (touchedAt.size >= MAX_REMEMBERED_TOUCHES) touchedAt.clear();
    touchedAt.set(id, at);
    const db = await getDb();
    await db
      .update(sessions)
      .set({ lastUsedAt: new Date(at), userAgent: userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null })
      .where(and(eq(sessions.id, id), or(lt(sessions.lastUsedAt, new Date(at - TOUCH_INTERVAL_MS)), isNull(sessions.userAgent))));
  }

  /** Every unexpired session of the user, the current one first, then the most recently used. */
  async function list(userId: string, currentSessionId: string): Promise<UserSession[]> {
    const db = await getDb();
    const currentId = SESSION_ID_PATTERN.test(currentSessionId) ? hashSessionId(currentSessionId) : null;
    const rows = await db
      .select({ id: sessions.id, userAgent: sessions.userAgent, createdAt: sessions.createdAt, lastUsedAt: sessions.lastUsedAt })
      .from(sessions)
      .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, new Date(now()))))
      .orderBy(desc(sessions.lastUsedAt), desc(sessions.createdAt));
    return rows
      .map((row) => ({
        id: row.id,
        device: describeDevice(row.userAgent),
        createdAt: row.createdAt,
        lastUsedAt: row.lastUsedAt,
        current: row.id === currentId,
      }))
      .sort((a, b) => Number(b.current) - Number(a.current));
  }

  /** Revokes the refresh tokens of deleted rows. A failure is logged: the row, the only copy, is gone already. */
  async function revokeTokensOf(rows: { data: string }[]) {
    await Promise.all(
      rows.map(async ({ data }) => {
        try {
          const refreshToken = (await unwrapSession(data, secret))[PersistKey.RefreshToken];
          if (refreshToken) await revokeRefreshToken(refreshToken);
        } catch (error) {
          console.error('[sessions] could not revoke the refresh token of a signed-out session:', error);
        }
      }),
    );
  }

  /**
   * Signs one of the user's sessions out: its row goes (that browser is signed out on its next
   * request) and its refresh token is revoked at Logto. False when the user has no such session.
   */
  async function signOut(userId: string, id: string) {
    const db = await getDb();
    const deleted = await db
      .delete(sessions)
      .where(and(eq(sessions.id, id), eq(sessions.userId, userId)))
      .returning({ data: sessions.data });
    await revokeTokensOf(deleted);
    return deleted.length > 0;
  }

  /** Signs out every session of the user but the current one; returns how many. */
  async function signOutOthers(userId: string, currentSessionId: string) {
    if (!SESSION_ID_PATTERN.test(currentSessionId)) throw new Error('signOutOthers needs the current session id');
    const db = await getDb();
    const deleted = await db
      .delete(sessions)
      .where(and(eq(sessions.userId, userId), ne(sessions.id, hashSessionId(currentSessionId))))
      .returning({ data: sessions.data });
    await revokeTokensOf(deleted);
    return deleted.length;
  }

  return { touch, list, signOut, signOutOthers };
}

export type UserSessions = ReturnType<typeof createUserSessions>;
