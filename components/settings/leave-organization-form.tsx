'use client';

import { useActionState, useState } from 'react';

import { buttonClasses } from '@/components/ui/button-link';
import { FormMessage, SubmitButton } from '@/components/ui/form';
import type { ActionState } from '@/lib/forms/action-state';

type Action = (state: ActionState<never>, formData: FormData) => Promise<ActionState<never>>;

export function LeaveOrganizationForm({ organizationName, action }: { organizationName: string; action: Action }) {
  const [state, formAction] = useActionState(action, { status: 'idle' });
  const [confirming, setConfirming] = useState(false);
  return (
    <div id="leave" className="space-y-3">
      <h3 className="font-semibold">Leave this organization</h3>
      <p className="text-sm text-zinc-600 dark:text-zinc-300">
        You lose access at once. To come back you need a new invitation. The last owner can&apos;t leave: make another member
        owner first.
      </p>
      <FormMessage state={state} />
      {confirming ? (
        <form action={formAction} className="flex flex-wrap items-center gap-2">
          <SubmitButton pendingLabel="Leaving…">Yes, leave {organizationName}</SubmitButton>
          <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirming(false)}>
            Stay
          </button>
        </form>
      ) : (
        <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirming(true)}>
          Leave organization…
        </button>
      )}
    </div>
  );
}
