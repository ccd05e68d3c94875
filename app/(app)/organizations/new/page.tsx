import { randomUUID } from 'node:crypto';

import type { Metadata } from 'next';

import { CreateOrganizationForm } from '@/components/organizations/create-organization-form';
import { requireUser } from '@/lib/auth/session';
import { createOrganizationAction } from '@/lib/organizations/actions';

export const metadata: Metadata = { title: 'Create organization' };

export default async function NewOrganizationPage() {
  await requireUser('/organizations/new');
  return (
    <section aria-labelledby="new-organization-heading" className="max-w-xl">
      <h1 id="new-organization-heading" className="text-2xl font-bold tracking-tight">
        Create an organization
      </h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-300">
        An organization is a workspace for your team. You will be its owner.
      </p>
      <div className="mt-8">
        <CreateOrganizationForm idempotencyKey={randomUUID()} action={createOrganizationAction} />
      </div>
    </section>
  );
}
