'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';

import { buttonClasses } from '@/components/ui/button-link';
import { FormMessage, SubmitButton } from '@/components/ui/form';
import type { ActionState } from '@/lib/forms/action-state';

type Action = (state: ActionState<never>, formData: FormData) => Promise<ActionState<never>>;

export function LeaveOrganizationForm({ organizationName, action }: { organizationName: string; action: Action }) {
  const t = useTranslations('settings');
  const [state, formAction] = useActionState(action, { status: 'idle' });
  const [confirming, setConfirming] = useState(false);
  return (
    <div id="leave" className="space-y-3">
      <h3 className="font-semibold">{t('leaveHeading')}</h3>
      <p className="text-sm text-zinc-600 dark:text-zinc-300">{t('leaveBody')}</p>
      <FormMessage state={state} />
      {confirming ? (
        <form action={formAction} className="flex flex-wrap items-center gap-2">
          <SubmitButton variant="danger" pendingLabel={t('leaving')}>{t('confirmLeave', { name: organizationName })}</SubmitButton>
          <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirming(false)}>
            {t('stay')}
          </button>
        </form>
      ) : (
        <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirming(true)}>
          {t('leave')}
        </button>
      )}
    </div>
  );
}
