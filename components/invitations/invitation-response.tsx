'use client';

import { useActionState, useState } from 'react';

import { buttonClasses } from '@/components/ui/button-link';
import { FormMessage, SubmitButton } from '@/components/ui/form';
import type { ActionState } from '@/lib/forms/action-state';

type Action = (state: ActionState<never>, formData: FormData) => Promise<ActionState<never>>;

type Props = { organizationName: string; acceptAction: Action; declineAction: Action };

/** Accept or decline, for the signed-in invitee. Accepting lands in the organization. */
export function InvitationResponse({ organizationName, acceptAction, declineAction }: Props) {
  const [acceptState, accept] = useActionState(acceptAction, { status: 'idle' });
  const [declineState, decline] = useActionState(declineAction, { status: 'idle' });
  const [confirmingDecline, setConfirmingDecline] = useState(false);
  return (
    <div className="space-y-4">
      <FormMessage state={acceptState} />
      <FormMessage state={declineState} />
      {confirmingDecline ? (
        <form action={decline} className="space-y-3 rounded-md bg-amber-50 p-4 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          <p>Decline the invitation to {organizationName}? To join later you will need a new invitation.</p>
          <div className="flex flex-wrap justify-center gap-3">
            <SubmitButton pendingLabel="Declining…">Yes, decline</SubmitButton>
            <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirmingDecline(false)}>
              Go back
            </button>
          </div>
        </form>
      ) : (
        <div className="flex flex-wrap justify-center gap-3">
          <form action={accept}>
            <SubmitButton pendingLabel="Joining…">
              Accept and join<span className="sr-only"> {organizationName}</span>
            </SubmitButton>
          </form>
          <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirmingDecline(true)}>
            Decline
          </button>
        </div>
      )}
    </div>
  );
}
