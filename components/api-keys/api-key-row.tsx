'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';

import { buttonClasses } from '@/components/ui/button-link';
import { FormMessage, SubmitButton } from '@/components/ui/form';
import type { RevokeApiKeyField } from '@/lib/api-keys/actions';
import type { ApiKeyDto } from '@/lib/api-keys/types';
import type { ActionState } from '@/lib/forms/action-state';

type Props = {
  apiKey: ApiKeyDto;
  /** Preformatted on the server, so the browser's locale can't make them differ. */
  createdLabel: string;
  lastUsedLabel: string | null;
  revokeAction: (state: ActionState<RevokeApiKeyField>, formData: FormData) => Promise<ActionState<RevokeApiKeyField>>;
};

export function ApiKeyRow({ apiKey, createdLabel, lastUsedLabel, revokeAction }: Props) {
  const t = useTranslations('apiKeys');
  const [confirming, setConfirming] = useState(false);
  const [state, revoke] = useActionState(revokeAction, { status: 'idle' });
  return (
    <li className="py-4" aria-label={apiKey.name}>
      <p className="font-medium wrap-anywhere">{apiKey.name}</p>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs text-zinc-600 dark:text-zinc-400">
        <dt>{t('role')}</dt>
        <dd className="capitalize">{apiKey.role}</dd>
        <dt>{t('clientId')}</dt>
        <dd className="font-mono break-all">{apiKey.clientId}</dd>
        <dt>{t('createdBy')}</dt>
        <dd>{apiKey.createdBy.name}</dd>
        <dt>{t('createdAt')}</dt>
        <dd>{createdLabel}</dd>
        <dt>{t('lastUsed')}</dt>
        <dd>{lastUsedLabel ?? t('neverUsed')}</dd>
      </dl>
      <div className="mt-2 flex flex-wrap gap-2">
        {confirming ? (
          <form action={revoke} className="flex flex-wrap items-center gap-2">
            <input type="hidden" name="keyId" value={apiKey.id} />
            <SubmitButton variant="danger" pendingLabel={t('revoking')}>
              {t('confirmRevoke')}
              <span className="sr-only">{t('revokeFor', { name: apiKey.name })}</span>
            </SubmitButton>
            <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirming(false)}>
              {t('keep')}
            </button>
            <p className="w-full text-xs text-zinc-600 dark:text-zinc-400">{t('revokeHint')}</p>
          </form>
        ) : (
          <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirming(true)}>
            {t('revoke')}
            <span className="sr-only">{t('revokeFor', { name: apiKey.name })}</span>
          </button>
        )}
      </div>
      {state.status === 'error' && (
        <div className="mt-2">
          <FormMessage state={state} />
        </div>
      )}
    </li>
  );
}
