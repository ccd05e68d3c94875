import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';

import { SessionList, type SessionRowData } from '@/components/account/session-list';
import { signOutOtherSessionsAction, signOutSessionAction } from '@/lib/auth/session-actions';
import { currentSessionId, requireUser } from '@/lib/auth/session';
import { TOUCH_INTERVAL_MS, type UserSession } from '@/lib/auth/user-sessions';
import { userSessions } from '@/lib/logto/config';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('sessions');
  return { title: t('title') };
}

type Formatter = Awaited<ReturnType<typeof getFormatter>>;
type Translator = Awaited<ReturnType<typeof getTranslations<'sessions'>>>;

/** "Active now", "Last used 12 minutes ago": last-used times are only kept to a few minutes. */
function lastUsedLabel(at: Date, now: number, t: Translator, format: Formatter) {
  const seconds = Math.max(0, (now - at.getTime()) / 1000);
  if (seconds * 1000 < TOUCH_INTERVAL_MS) return t('activeNow');
  const unit = seconds < 3600 ? 'minute' : seconds < 86_400 ? 'hour' : 'day';
  return t('lastUsed', { ago: format.relativeTime(at, { now, unit }) });
}

/** "Chrome 131 on macOS", "Unknown browser". */
function deviceLabel({ browser, os }: UserSession['device'], t: Translator) {
  const name = browser ?? t('unknownBrowser');
  return os ? t('deviceOn', { browser: name, os }) : name;
}

/** The list's rows, formatted on the server at the time of the request. */
function toRows(sessions: UserSession[], t: Translator, format: Formatter, now = Date.now()): SessionRowData[] {
  return sessions.map((session) => ({
    id: session.id,
    device: deviceLabel(session.device, t),
    current: session.current,
    lastUsed: session.current ? t('activeNow') : lastUsedLabel(session.lastUsedAt, now, t, format),
    lastUsedAt: session.lastUsedAt.toISOString(),
    signedIn: format.dateTime(session.createdAt, { dateStyle: 'medium', timeStyle: 'short' }),
  }));
}

export default async function SessionsPage() {
  const user = await requireUser('/account/sessions');
  const sessions = await userSessions.list(user.id, await currentSessionId());
  const t = await getTranslations('sessions');
  const format = await getFormatter();

  return (
    <section aria-labelledby="sessions-heading" className="max-w-2xl">
      <h1 id="sessions-heading" className="text-2xl font-bold tracking-tight">
        {t('heading')}
      </h1>
      <p className="mt-1 text-zinc-600 dark:text-zinc-300">{t('lead')}</p>
      <SessionList sessions={toRows(sessions, t, format)} signOutAction={signOutSessionAction} signOutOthersAction={signOutOtherSessionsAction} />
    </section>
  );
}
