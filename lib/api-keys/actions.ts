'use server';

import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';

import { getEnv } from '@/lib/env';
import { appErrorMessage, failureState, formFields, validationErrorState, type ActionState } from '@/lib/forms/action-state';
import { requireOrganizationAccess } from '@/lib/organizations/access';
import { adminDeps } from '@/lib/organizations/app-deps';

import { ApiKeyNameTakenError, createApiKey, revokeApiKey } from './api-keys';
import { createApiKeySchema, revokeApiKeySchema } from './schemas';
import type { CreatedApiKeyDto } from './types';

// The API keys page's server actions: fresh authority (the member's current roles read from
// Logto, and the session's organization token must agree) with manage:api-keys -> zod-valid
// form -> the domain function, which calls Logto and records the key and the activity.

export type ApiKeyField = 'name' | 'role';
export type RevokeApiKeyField = 'keyId';

/** The create form's state: on success it carries the new key, whose secret is shown this once. */
export type CreateApiKeyState = ActionState<ApiKeyField> | { status: 'created'; message: string; key: CreatedApiKeyDto };

async function apiKeyDeps() {
  return { ...(await adminDeps()), maxKeys: getEnv().maxApiKeysPerOrganization };
}

export async function createApiKeyAction(organizationId: string, _previous: CreateApiKeyState, formData: FormData): Promise<CreateApiKeyState> {
  const fields = formFields(formData, ['name', 'role'] as const);
  try {
    const access = await requireOrganizationAccess(organizationId, ['manage:api-keys']);
    const parsed = createApiKeySchema.safeParse(fields);
    if (!parsed.success) return validationErrorState(parsed.error, fields);
    const key = await createApiKey(await apiKeyDeps(), access, parsed.data);
    revalidatePath(`/o/${organizationId}/api-keys`);
    const t = await getTranslations('apiKeys');
    return { status: 'created', message: t('createdMessage', { name: key.name }), key };
  } catch (error) {
    if (error instanceof ApiKeyNameTakenError) {
      const t = await getTranslations('forms');
      return { status: 'error', message: t('correctFields'), fieldErrors: { name: [await appErrorMessage(error)] }, fields };
    }
    return failureState(error, fields, 'api-keys.create');
  }
}

export async function revokeApiKeyAction(
  organizationId: string,
  _previous: ActionState<RevokeApiKeyField>,
  formData: FormData,
): Promise<ActionState<RevokeApiKeyField>> {
  const fields = formFields(formData, ['keyId'] as const);
  try {
    const access = await requireOrganizationAccess(organizationId, ['manage:api-keys']);
    const parsed = revokeApiKeySchema.safeParse(fields);
    if (!parsed.success) return validationErrorState(parsed.error, fields);
    const { name } = await revokeApiKey(await apiKeyDeps(), access, parsed.data);
    revalidatePath(`/o/${organizationId}`, 'layout');
    const t = await getTranslations('apiKeys');
    return { status: 'success', message: t('revokedMessage', { name }) };
  } catch (error) {
    return failureState(error, fields, 'api-keys.revoke');
  }
}
