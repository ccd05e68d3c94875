'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';

import { buttonClasses } from '@/components/ui/button-link';
import { FormMessage, SubmitButton } from '@/components/ui/form';
import type { ActionState } from '@/lib/forms/action-state';

type Action = (state: ActionState<never>, formData: FormData) => Promise<ActionState<never>>;

type Props = { organizationName: string; acceptAction: Action; declineAction: Action };

/** Accept or decline, for the signed-in invitee. Accepting lands in the organization. */
export function InvitationResponse({ organizationName, acceptAction, declineAction }: Props) {
  const t = useTranslations('invitation');
  const [acceptState, accept] = useActionState(acceptAction, { status: 'idle' });
  const [declineState, decline] = useActionState(declineAction, { status: 'idle' });
  const [confirmingDecline, setConfirmingDecline] = useState(false);
  return (
    <div className="space-y-4">
      <FormMessage state={acceptState} />
      <FormMessage state={declineState} />
      {confirmingDecline ? (
        <form action={decline} className="space-y-3 rounded-md bg-amber-50 p-4 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          <p>{t('declineQuestion', { organization: organizationName })}</p>
          <div className="flex flex-wrap justify-center gap-3">
            <SubmitButton pendingLabel={t('declining')}>{t('confirmDecline')}</SubmitButton>
            <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirmingDecline(false)}>
              {t('goBack')}
            </button>
          </div>
        </form>
      ) : (
        <div className="flex flex-wrap justify-center gap-3">
          <form action={accept}>
            <SubmitButton pendingLabel={t('joining')}>
              {t.rich('accept', { organization: organizationName, hidden: (chunks) => <span className="sr-only">{chunks}</span> })}
            </SubmitButton>
          </form>
          <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirmingDecline(true)}>
            {t('decline')}
          </button>
        </div>
      )}
    </div>
  );
}
