'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';

import { requireCreateOrganizationsPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import {
  errorState,
  failureState,
  formFields,
  issueMessage,
  validationErrorState,
  type ActionState,
} from '@/lib/forms/action-state';
import { getWriteThroughManagementApi } from '@/lib/mirror/app-mirror';
import { appRateLimits, requireWithinRateLimits } from '@/lib/rate-limit/app-rate-limits';

import { createOrganization, createOrganizationSchema } from './create-organization';

const CREATE_FIELDS = ['name', 'description'] as const;
export type CreateOrganizationField = (typeof CREATE_FIELDS)[number];

/** "Create organization" form: signed in -> valid -> permitted -> within quota -> create once. */
export async function createOrganizationAction(
  _previous: ActionState<CreateOrganizationField>,
  formData: FormData,
): Promise<ActionState<CreateOrganizationField>> {
  const user = await requireUser('/organizations/new');
  const fields = formFields(formData, CREATE_FIELDS);
  const parsed = createOrganizationSchema.safeParse({ ...fields, idempotencyKey: formData.get('idempotencyKey') });
  if (!parsed.success) {
    const keyIssue = parsed.error.issues.find((issue) => issue.path[0] === 'idempotencyKey');
    return keyIssue ? errorState(await issueMessage(keyIssue), fields) : validationErrorState(parsed.error, fields);
  }

  let organizationId: string;
  try {
    await requireCreateOrganizationsPermission(user.id);
    ({ organizationId } = await createOrganization(
      {
        api: getWriteThroughManagementApi(),
        db: await getDb(),
        maxOwnedOrganizations: getEnv().maxOrganizationsPerUser,
        limitCreations: (userId) => requireWithinRateLimits([{ policy: appRateLimits().organizationCreations, key: userId }]),
      },
      user.id,
      parsed.data,
    ));
  } catch (error) {
    return failureState(error, fields, 'organizations.create');
  }
  // The switcher and the dashboard list it at once.
  revalidatePath('/', 'layout');
  redirect(`/o/${organizationId}`);
}
