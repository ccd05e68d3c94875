import type { Metadata } from 'next';

import { SessionList, type SessionRowData } from '@/components/account/session-list';
import { signOutOtherSessionsAction, signOutSessionAction } from '@/lib/auth/session-actions';
import { currentSessionId, requireUser } from '@/lib/auth/session';
import { TOUCH_INTERVAL_MS, type UserSession } from '@/lib/auth/user-sessions';
import { userSessions } from '@/lib/logto/config';

export const metadata: Metadata = { title: 'Your sessions' };

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** "Active now", "Last used 12 minutes ago": last-used times are only kept to a few minutes. */
function lastUsedLabel(at: Date, now: number) {
  const seconds = Math.max(0, (now - at.getTime()) / 1000);
  if (seconds * 1000 < TOUCH_INTERVAL_MS) return 'Active now';
  if (seconds < 3600) return `Last used ${relative.format(-Math.round(seconds / 60), 'minute')}`;
  if (seconds < 86_400) return `Last used ${relative.format(-Math.round(seconds / 3600), 'hour')}`;
  return `Last used ${relative.format(-Math.round(seconds / 86_400), 'day')}`;
}

/** The list's rows, formatted on the server at the time of the request. */
function toRows(sessions: UserSession[], now = Date.now()): SessionRowData[] {
  return sessions.map((session) => ({
    id: session.id,
    device: session.device.label,
    current: session.current,
    lastUsed: session.current ? 'Active now' : lastUsedLabel(session.lastUsedAt, now),
    lastUsedAt: session.lastUsedAt.toISOString(),
    signedIn: absolute.format(session.createdAt),
  }));
}

export default async function SessionsPage() {
  const user = await requireUser('/account/sessions');
  const sessions = await userSessions.list(user.id, await currentSessionId());

  return (
    <section aria-labelledby="sessions-heading" className="max-w-2xl">
      <h1 id="sessions-heading" className="text-2xl font-bold tracking-tight">
        Your sessions
      </h1>
      <p className="mt-1 text-zinc-600 dark:text-zinc-300">
        Where you are signed in. Sign out a browser you no longer use or don&apos;t recognize: it has to sign in again on its
        next visit.
      </p>
      <SessionList
        sessions={toRows(sessions)}
        signOutAction={signOutSessionAction}
        signOutOthersAction={signOutOtherSessionsAction}
      />
    </section>
  );
}
