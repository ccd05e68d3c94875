'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';

import { RoleSelect } from '@/components/members/role-select';
import { buttonClasses } from '@/components/ui/button-link';
import { Field, FormMessage, SubmitButton } from '@/components/ui/form';
import type { ApiKeyField, CreateApiKeyState } from '@/lib/api-keys/actions';
import { API_KEY_NAME_MAX, type CreatedApiKeyDto } from '@/lib/api-keys/types';
import { API_KEY_ROLE_NAMES } from '@/lib/auth/scopes';
import type { ActionState } from '@/lib/forms/action-state';

import { CopyButton } from './copy-button';

type Props = {
  action: (state: CreateApiKeyState, formData: FormData) => Promise<CreateApiKeyState>;
  organizationId: string;
  logtoEndpoint: string;
  appUrl: string;
  /** False when the organization has as many keys as it may have. */
  canCreate: boolean;
  maxKeys: number;
};

/** The commands a new key's holder runs: an organization token from Logto, then the project list. */
export function curlFor(key: Pick<CreatedApiKeyDto, 'clientId' | 'clientSecret' | 'scopes'>, organizationId: string, logtoEndpoint: string, appUrl: string) {
  return [
    `ORG_TOKEN=$(curl -s "${logtoEndpoint}/oidc/token" \\`,
    `  -u "${key.clientId}:${key.clientSecret}" \\`,
    `  -d grant_type=client_credentials \\`,
    `  -d organization_id=${organizationId} \\`,
    `  -d scope="${key.scopes.join(' ')}" | jq -r .access_token)`,
    '',
    `curl -s -H "Authorization: Bearer $ORG_TOKEN" "${appUrl}/api/organizations/${organizationId}/projects"`,
  ].join('\n');
}

export function CreateApiKeyForm({ action, organizationId, logtoEndpoint, appUrl, canCreate, maxKeys }: Props) {
  const t = useTranslations('apiKeys');
  const [state, formAction] = useActionState(action, { status: 'idle' });
  // The secret stays on screen until its holder says it is copied; it is never shown again.
  const [dismissed, setDismissed] = useState<string | null>(null);
  const created = state.status === 'created' && dismissed !== state.key.id ? state.key : null;
  const errorState: ActionState<ApiKeyField> = state.status === 'error' ? state : { status: 'idle' };
  const fieldErrors = state.status === 'error' ? state.fieldErrors : {};
  const fields = state.status === 'error' ? state.fields : {};
  const formKey = state.status === 'error' ? `error-${JSON.stringify(fields)}` : state.status === 'created' ? `done-${state.key.id}` : 'idle';

  if (created) {
    const curl = curlFor(created, organizationId, logtoEndpoint, appUrl);
    return (
      <section aria-labelledby="created-key-heading" className="space-y-4 rounded-lg border border-green-300 bg-green-50 p-5 dark:border-green-900 dark:bg-green-950">
        <h2 id="created-key-heading" className="font-semibold">
          {t('createdHeading', { name: created.name })}
        </h2>
        <p role="status" className="text-sm font-medium">
          {t('secretOnce')}
        </p>
        <dl className="space-y-3 text-sm">
          <div>
            <dt className="font-medium">{t('clientId')}</dt>
            <dd className="mt-1 flex flex-wrap items-center gap-2">
              <code data-testid="api-key-client-id" className="rounded bg-white px-2 py-1 break-all dark:bg-zinc-900">
                {created.clientId}
              </code>
              <CopyButton value={created.clientId} label={t('clientId')} />
            </dd>
          </div>
          <div>
            <dt className="font-medium">{t('clientSecret')}</dt>
            <dd className="mt-1 flex flex-wrap items-center gap-2">
              <code data-testid="api-key-client-secret" className="rounded bg-white px-2 py-1 break-all dark:bg-zinc-900">
                {created.clientSecret}
              </code>
              <CopyButton value={created.clientSecret} label={t('clientSecret')} />
            </dd>
          </div>
        </dl>
        <div>
          <h3 className="text-sm font-medium">{t('curlHeading')}</h3>
          <p className="mt-1 text-xs text-zinc-700 dark:text-zinc-300">{t('curlHint')}</p>
          <pre tabIndex={0} aria-label={t('curl')} className="mt-2 overflow-x-auto rounded bg-white p-3 text-xs dark:bg-zinc-900">
            <code data-testid="api-key-curl">{curl}</code>
          </pre>
          <div className="mt-2">
            <CopyButton value={curl} label={t('curl')} />
          </div>
        </div>
        <button type="button" className={buttonClasses('primary')} onClick={() => setDismissed(created.id)}>
          {t('done')}
        </button>
      </section>
    );
  }

  return (
    <form action={formAction} noValidate aria-labelledby="create-key-heading" key={formKey} className="space-y-4 rounded-lg border border-zinc-200 p-5 dark:border-zinc-800">
      <h2 id="create-key-heading" className="font-semibold">
        {t('createHeading')}
      </h2>
      <FormMessage state={errorState} />
      {canCreate ? (
        <>
          <Field name="name" label={t('nameLabel')} required maxLength={API_KEY_NAME_MAX} defaultValue={fields.name} errors={fieldErrors.name} hint={t('nameHint')} />
          <RoleSelect id="api-key-role" label={t('role')} roles={API_KEY_ROLE_NAMES} defaultValue={fields.role ?? 'member'} errors={fieldErrors.role} />
          <p className="-mt-3 text-xs text-zinc-600 dark:text-zinc-400">
            {t('roleHint')}
          </p>
          <SubmitButton pendingLabel={t('creating')}>{t('create')}</SubmitButton>
        </>
      ) : (
        <p className="text-sm text-zinc-700 dark:text-zinc-300">{t('limitReached', { max: maxKeys })}</p>
      )}
    </form>
  );
}
