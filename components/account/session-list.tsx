'use client';

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
  const [confirming, setConfirming] = useState(false);
  const [state, formAction] = useActionState(action, { status: 'idle' });
  return (
    <li className="py-4" aria-label={session.current ? `${session.device} (this browser)` : session.device}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="font-medium">
            {session.device}
            {session.current && (
              <span className="ml-2 rounded-full bg-brand-100 px-2 py-0.5 text-xs font-semibold whitespace-nowrap text-brand-700 dark:bg-zinc-800 dark:text-brand-300">
                This browser
              </span>
            )}
          </p>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            <time dateTime={session.lastUsedAt}>{session.lastUsed}</time> · signed in {session.signedIn} UTC
          </p>
        </div>
        {!session.current &&
          (confirming ? (
            <form action={formAction} className="flex flex-wrap gap-2">
              <input type="hidden" name="sessionId" value={session.id} />
              <SubmitButton pendingLabel="Signing out…">
                Confirm sign out<span className="sr-only"> of {session.device}</span>
              </SubmitButton>
              <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </form>
          ) : (
            <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirming(true)}>
              Sign out<span className="sr-only"> of {session.device}</span>
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
          <form action={formAction} className="flex flex-wrap items-center gap-2" aria-label="Confirm signing out other sessions">
            <p className="w-full text-sm">
              Sign out {count} other {count === 1 ? 'session' : 'sessions'}? This browser stays signed in.
            </p>
            <SubmitButton pendingLabel="Signing out…">Yes, sign out all other sessions</SubmitButton>
            <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirming(true)}>
            Sign out all other sessions
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
  const others = sessions.filter((session) => !session.current).length;
  return (
    <>
      <ul aria-label="Sessions" className="mt-6 divide-y divide-zinc-200 dark:divide-zinc-800">
        {sessions.map((session) => (
          <SessionRow key={session.id} session={session} action={signOutAction} />
        ))}
      </ul>
      <SignOutOthers count={others} action={signOutOthersAction} />
    </>
  );
}
