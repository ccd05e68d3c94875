'use server';

import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import type { z } from 'zod';

import type { OrganizationScope } from '@/lib/auth/scopes';
import { errorState, failureState, formFields, validationErrorState, type ActionState } from '@/lib/forms/action-state';

import { requireOrganizationAccess, type OrganizationAccess } from './access';
import { adminDeps } from './app-deps';
import { brandingSchemaWith, updateOrganizationBranding, type BrandingMessages } from './branding';
import {
  addJitDomainSchemaWith,
  addJitEmailDomain,
  JIT_SCOPES,
  JitFieldError,
  jitRoleSchemaWith,
  removeJitDomainSchema,
  removeJitEmailDomain,
  setJitRole,
  type JitMessages,
} from './jit';

// The settings page's automatic-membership and branding forms. Each one: a fresh check of the
// caller's authority in Logto (requireOrganizationAccess) -> zod-valid fields (errors next to
// each field) -> the domain function, whose refusals of one field (a claimed domain) also go
// next to that field.

export type JitDomainField = 'emailDomain';
export type JitRoleField = 'role';
export type BrandingField = 'darkLogoUrl' | 'favicon' | 'darkFavicon' | 'primaryColor' | 'darkPrimaryColor' | 'isDarkModeEnabled';

/** The JIT refusals in the user's language. */
async function jitMessages(): Promise<JitMessages> {
  const t = await getTranslations('jitSettings');
  return {
    domainFormat: () => t('errors.domainFormat'),
    domainTooLong: () => t('errors.domainTooLong', { max: 128 }),
    publicDomain: (domain) => t('errors.publicDomain', { domain }),
    claimedDomain: (domain) => t('errors.claimedDomain', { domain }),
    alreadyListed: (domain) => t('errors.alreadyListed', { domain }),
    notListed: (domain) => t('errors.notListed', { domain }),
    role: () => t('errors.role'),
  };
}

async function brandingMessages(): Promise<BrandingMessages> {
  const t = await getTranslations('brandingSettings');
  return { url: t('errors.url'), tooLong: t('errors.tooLong', { max: 2048 }), color: t('errors.color') };
}

function settingsAction<Field extends string, Schema extends z.ZodType>(
  options: { name: string; scopes: readonly OrganizationScope[]; fields: readonly Field[]; schema: () => Promise<Schema> },
  run: (access: OrganizationAccess, input: z.infer<Schema>) => Promise<string>,
) {
  return async (organizationId: string, _previous: ActionState<Field>, formData: FormData): Promise<ActionState<Field>> => {
    const fields = formFields(formData, options.fields);
    try {
      const access = await requireOrganizationAccess(organizationId, options.scopes);
      const parsed = (await options.schema()).safeParse(fields);
      if (!parsed.success) return validationErrorState(parsed.error, fields);
      const message = await run(access, parsed.data);
      revalidatePath(`/o/${organizationId}/settings`);
      return { status: 'success', message };
    } catch (error) {
      if (error instanceof JitFieldError) {
        const message = (await jitMessages())[error.reason](error.domain);
        return errorState(message, fields, { [error.field]: [message] } as Partial<Record<Field, string[]>>);
      }
      return failureState(error, fields, options.name);
    }
  };
}

export const addJitDomainAction = settingsAction(
  {
    name: 'organizations.jit.add-domain',
    scopes: JIT_SCOPES,
    fields: ['emailDomain'] as const,
    schema: async () => addJitDomainSchemaWith(await jitMessages()),
  },
  async (access, input) => {
    const t = await getTranslations('jitSettings');
    const { domain, roleSet } = await addJitEmailDomain(await adminDeps(), access, input);
    return roleSet ? t('addedWithRole', { domain, role: roleSet }) : t('added', { domain });
  },
);

export const removeJitDomainAction = settingsAction(
  { name: 'organizations.jit.remove-domain', scopes: JIT_SCOPES, fields: ['emailDomain'] as const, schema: async () => removeJitDomainSchema },
  async (access, input) => {
    const t = await getTranslations('jitSettings');
    const { domain } = await removeJitEmailDomain(await adminDeps(), access, input);
    return t('removed', { domain });
  },
);

export const setJitRoleAction = settingsAction(
  { name: 'organizations.jit.set-role', scopes: JIT_SCOPES, fields: ['role'] as const, schema: async () => jitRoleSchemaWith(await jitMessages()) },
  async (access, input) => {
    const t = await getTranslations('jitSettings');
    const { role } = await setJitRole(await adminDeps(), access, input);
    return t('roleSaved', { role });
  },
);

export const updateBrandingAction = settingsAction(
  {
    name: 'organizations.branding',
    scopes: ['manage:organization'],
    fields: ['darkLogoUrl', 'favicon', 'darkFavicon', 'primaryColor', 'darkPrimaryColor', 'isDarkModeEnabled'] as const,
    schema: async () => brandingSchemaWith(await brandingMessages()),
  },
  async (access, input) => {
    const t = await getTranslations('brandingSettings');
    const { changed } = await updateOrganizationBranding(await adminDeps(), access, input);
    return changed ? t('saved') : t('unchanged');
  },
);
