'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';

import { buttonClasses } from '@/components/ui/button-link';
import { FormMessage, SubmitButton } from '@/components/ui/form';
import type { ActionState } from '@/lib/forms/action-state';

type SessionField = 'sessionId';
type SignOutAction = (state: ActionState<SessionField>, formData: FormData) => Promise<ActionState<SessionField>>;
type SignOutOthersAction = (state: ActionState<never>) => Promise<ActionState<never>>;

export type SessionRowData = {
  id: string;
  device: string;
  current: boolean;
  /** Preformatted on the server, so the browser's locale and clock can't make it differ. */
  lastUsed: string;
  lastUsedAt: string;
  signedIn: string;
};

function SessionRow({ session, action }: { session: SessionRowData; action: SignOutAction }) {
  const t = useTranslations('sessions');
  const [confirming, setConfirming] = useState(false);
  const [state, formAction] = useActionState(action, { status: 'idle' });
  return (
    <li className="py-4" aria-label={session.current ? t('thisBrowserLabel', { device: session.device }) : session.device}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="font-medium">
            {session.device}
            {session.current && (
              <span className="ml-2 rounded-full bg-brand-100 px-2 py-0.5 text-xs font-semibold whitespace-nowrap text-brand-700 dark:bg-zinc-800 dark:text-brand-300">
                {t('thisBrowser')}
              </span>
            )}
          </p>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            <time dateTime={session.lastUsedAt}>{session.lastUsed}</time> · {t('signedIn', { date: session.signedIn })}
          </p>
        </div>
        {!session.current &&
          (confirming ? (
            <form action={formAction} className="flex flex-wrap gap-2">
              <input type="hidden" name="sessionId" value={session.id} />
              <SubmitButton pendingLabel={t('signingOut')}>
                {t.rich('confirmSignOut', { device: session.device, hidden: (chunks) => <span className="sr-only">{chunks}</span> })}
              </SubmitButton>
              <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirming(false)}>
                {t('cancel')}
              </button>
            </form>
          ) : (
            <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirming(true)}>
              {t.rich('signOut', { device: session.device, hidden: (chunks) => <span className="sr-only">{chunks}</span> })}
            </button>
          ))}
      </div>
      {state.status === 'error' && (
        <div className="mt-2">
          <FormMessage state={state} />
        </div>
      )}
    </li>
  );
}

function SignOutOthers({ count, action }: { count: number; action: SignOutOthersAction }) {
  const t = useTranslations('sessions');
  const [confirming, setConfirming] = useState(false);
  const [state, formAction] = useActionState(async (previous: ActionState<never>) => {
    const next = await action(previous);
    setConfirming(false);
    return next;
  }, { status: 'idle' });
  return (
    <div className="mt-6 space-y-3 border-t border-zinc-200 pt-6 dark:border-zinc-800">
      <FormMessage state={state} />
      {count > 0 &&
        (confirming ? (
          <form action={formAction} className="flex flex-wrap items-center gap-2" aria-label={t('confirmOthersLabel')}>
            <p className="w-full text-sm">{t('confirmOthers', { count })}</p>
            <SubmitButton pendingLabel={t('signingOut')}>{t('signOutOthersConfirm')}</SubmitButton>
            <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirming(false)}>
              {t('cancel')}
            </button>
          </form>
        ) : (
          <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirming(true)}>
            {t('signOutOthers')}
          </button>
        ))}
    </div>
  );
}

/** The user's sessions, this browser first; each other one can be signed out, or all at once. */
export function SessionList({
  sessions,
  signOutAction,
  signOutOthersAction,
}: {
  sessions: SessionRowData[];
  signOutAction: SignOutAction;
  signOutOthersAction: SignOutOthersAction;
}) {
  const t = useTranslations('sessions');
  const others = sessions.filter((session) => !session.current).length;
  return (
    <>
      <ul aria-label={t('listLabel')} className="mt-6 divide-y divide-zinc-200 dark:divide-zinc-800">
        {sessions.map((session) => (
          <SessionRow key={session.id} session={session} action={signOutAction} />
        ))}
      </ul>
      <SignOutOthers count={others} action={signOutOthersAction} />
    </>
  );
}
