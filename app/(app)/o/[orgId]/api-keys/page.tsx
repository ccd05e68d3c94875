import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';

import { ApiKeyRow } from '@/components/api-keys/api-key-row';
import { CreateApiKeyForm } from '@/components/api-keys/create-api-key-form';
import { NoAccess } from '@/components/organizations/no-access';
import { createApiKeyAction, revokeApiKeyAction } from '@/lib/api-keys/actions';
import { listApiKeys } from '@/lib/api-keys/api-keys';
import { getDb } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { getMirrorReadManagementApi } from '@/lib/mirror/app-mirror';
import { getOrganizationPageAccess } from '@/lib/organizations/page-access';
import { peopleNames } from '@/lib/people-names';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('apiKeys');
  return { title: t('title') };
}

export default async function ApiKeysPage({ params }: PageProps<'/o/[orgId]/api-keys'>) {
  const { orgId } = await params;
  const access = await getOrganizationPageAccess(orgId, `/o/${orgId}/api-keys`);
  if (!access?.can('manage:api-keys')) return <NoAccess />;

  const t = await getTranslations('apiKeys');
  const format = await getFormatter();
  // The request's locale, in UTC (i18n/request.ts), the same for everyone.
  const when = (iso: string) => `${format.dateTime(new Date(iso), { dateStyle: 'medium', timeStyle: 'short' })} UTC`;
  const env = getEnv();
  const keys = await listApiKeys({ api: getMirrorReadManagementApi(), db: await getDb(), names: await peopleNames() }, access);
  const maxKeys = env.maxApiKeysPerOrganization;

  return (
    <div className="grid gap-8 lg:grid-cols-[1fr_26rem]">
      <section aria-labelledby="api-keys-heading">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="api-keys-heading" className="text-lg font-semibold">
            {t('listHeading')}
          </h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">{t('count', { count: keys.length, max: maxKeys })}</p>
        </div>
        <p className="mt-2 max-w-prose text-sm text-zinc-600 dark:text-zinc-300">{t('intro')}</p>
        {keys.length === 0 ? (
          <p className="mt-6 rounded-lg border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-300">
            {t('empty')}
          </p>
        ) : (
          <ul className="mt-4 divide-y divide-zinc-200 dark:divide-zinc-800" aria-label={t('listLabel')}>
            {keys.map((key) => (
              <ApiKeyRow
                key={key.id}
                apiKey={key}
                createdLabel={when(key.createdAt)}
                lastUsedLabel={key.lastUsedAt ? when(key.lastUsedAt) : null}
                revokeAction={revokeApiKeyAction.bind(null, orgId)}
              />
            ))}
          </ul>
        )}
      </section>
      <aside>
        <CreateApiKeyForm
          action={createApiKeyAction.bind(null, orgId)}
          organizationId={orgId}
          logtoEndpoint={env.logto.endpoint}
          appUrl={env.appUrl}
          canCreate={keys.length < maxKeys}
          maxKeys={maxKeys}
        />
      </aside>
    </div>
  );
}
