'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';

import { buttonClasses } from '@/components/ui/button-link';
import { FormMessage, SubmitButton } from '@/components/ui/form';
import type { ActionState } from '@/lib/forms/action-state';
import type { InvitationField } from '@/lib/organizations/admin-actions';
import type { InvitationDto } from '@/lib/organizations/invitations/invitation';

type Action = (state: ActionState<InvitationField>, formData: FormData) => Promise<ActionState<InvitationField>>;

type Props = {
  invitation: InvitationDto;
  /** Preformatted on the server, so the browser's locale can't make it differ. */
  expiresLabel: string;
  revokeAction: Action;
  resendAction: Action;
};

export function PendingInvitationRow({ invitation, expiresLabel, revokeAction, resendAction }: Props) {
  const t = useTranslations('pendingInvitation');
  const roles = useTranslations('roles');
  const [confirmingRevoke, setConfirmingRevoke] = useState(false);
  const [resendState, resend] = useActionState(resendAction, { status: 'idle' });
  const [revokeState, revoke] = useActionState(revokeAction, { status: 'idle' });
  const expired = invitation.status === 'expired';

  return (
    <li className="py-3" aria-label={invitation.email}>
      <p className="text-sm font-medium wrap-anywhere">{invitation.email}</p>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        <span className="capitalize">{roles('name', { role: invitation.role })}</span> ·{' '}
        {expired ? (
          <span className="font-medium text-red-700 dark:text-red-400">{t('expired', { date: expiresLabel })}</span>
        ) : (
          t('expires', { date: expiresLabel })
        )}
      </p>
      <div className="mt-2 flex flex-wrap gap-2">
        {!expired && !confirmingRevoke && (
          <form action={resend}>
            <input type="hidden" name="invitationId" value={invitation.id} />
            <SubmitButton variant="secondary" pendingLabel={t('sending')}>
              {t.rich('resend', { email: invitation.email, hidden: (chunks) => <span className="sr-only">{chunks}</span> })}
            </SubmitButton>
          </form>
        )}
        {confirmingRevoke ? (
          <form action={revoke} className="flex flex-wrap gap-2">
            <input type="hidden" name="invitationId" value={invitation.id} />
            <SubmitButton variant="danger" pendingLabel={t('revoking')}>
              {t.rich('confirmRevoke', { email: invitation.email, hidden: (chunks) => <span className="sr-only">{chunks}</span> })}
            </SubmitButton>
            <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirmingRevoke(false)}>
              {t('keep')}
            </button>
          </form>
        ) : (
          <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirmingRevoke(true)}>
            {t.rich('revoke', { email: invitation.email, hidden: (chunks) => <span className="sr-only">{chunks}</span> })}
          </button>
        )}
      </div>
      {(resendState.status !== 'idle' || revokeState.status === 'error') && (
        <div className="mt-2 space-y-2">
          <FormMessage state={resendState} />
          {revokeState.status === 'error' && <FormMessage state={revokeState} />}
        </div>
      )}
    </li>
  );
}
