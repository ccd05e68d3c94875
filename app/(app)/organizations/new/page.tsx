import { randomUUID } from 'node:crypto';

import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { CreateOrganizationForm } from '@/components/organizations/create-organization-form';
import { requireUser } from '@/lib/auth/session';
import { createOrganizationAction } from '@/lib/organizations/actions';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('newOrganization');
  return { title: t('title') };
}

export default async function NewOrganizationPage() {
  const user = await requireUser('/organizations/new');
  const t = await getTranslations('newOrganization');
  return (
    <section aria-labelledby="new-organization-heading" className="max-w-xl">
      <h1 id="new-organization-heading" className="text-2xl font-bold tracking-tight">
        {t('heading')}
      </h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-300">{t('lead')}</p>
      <div className="mt-8">
        <CreateOrganizationForm idempotencyKey={randomUUID()} userId={user.id} action={createOrganizationAction} />
      </div>
    </section>
  );
}
