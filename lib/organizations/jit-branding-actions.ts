'use server';

import { revalidatePath } from 'next/cache';
import type { z } from 'zod';

import type { OrganizationScope } from '@/lib/auth/scopes';
import { errorState, failureState, formFields, validationErrorState, type ActionState } from '@/lib/forms/action-state';

import { requireOrganizationAccess, type OrganizationAccess } from './access';
import { adminDeps } from './app-deps';
import { brandingSchema, updateOrganizationBranding } from './branding';
import {
  addJitDomainSchema,
  addJitEmailDomain,
  JIT_SCOPES,
  JitFieldError,
  jitRoleSchema,
  removeJitDomainSchema,
  removeJitEmailDomain,
  setJitRole,
} from './jit';

// The settings page's automatic-membership and branding forms. Each one: a fresh check of the
// caller's authority in Logto (requireOrganizationAccess) -> zod-valid fields (errors next to
// each field) -> the domain function, whose refusals of one field (a claimed domain) also go
// next to that field.

export type JitDomainField = 'emailDomain';
export type JitRoleField = 'role';
export type BrandingField = 'darkLogoUrl' | 'favicon' | 'darkFavicon' | 'primaryColor' | 'darkPrimaryColor' | 'isDarkModeEnabled';

function settingsAction<Field extends string, Schema extends z.ZodType>(
  options: { name: string; scopes: readonly OrganizationScope[]; fields: readonly Field[]; schema: Schema },
  run: (access: OrganizationAccess, input: z.infer<Schema>) => Promise<string>,
) {
  return async (organizationId: string, _previous: ActionState<Field>, formData: FormData): Promise<ActionState<Field>> => {
    const fields = formFields(formData, options.fields);
    try {
      const access = await requireOrganizationAccess(organizationId, options.scopes);
      const parsed = options.schema.safeParse(fields);
      if (!parsed.success) return validationErrorState(parsed.error, fields);
      const message = await run(access, parsed.data);
      revalidatePath(`/o/${organizationId}/settings`);
      return { status: 'success', message };
    } catch (error) {
      if (error instanceof JitFieldError) return errorState(error.message, fields, { [error.field]: [error.message] } as Partial<Record<Field, string[]>>);
      return failureState(error, fields, options.name);
    }
  };
}

export const addJitDomainAction = settingsAction(
  { name: 'organizations.jit.add-domain', scopes: JIT_SCOPES, fields: ['emailDomain'] as const, schema: addJitDomainSchema },
  async (access, input) => {
    const { domain, roleSet } = await addJitEmailDomain(await adminDeps(), access, input);
    return roleSet
      ? `Added ${domain}. New people from it join as ${roleSet}; you can change the role below.`
      : `Added ${domain}. New people who sign up with an address there join automatically.`;
  },
);

export const removeJitDomainAction = settingsAction(
  { name: 'organizations.jit.remove-domain', scopes: JIT_SCOPES, fields: ['emailDomain'] as const, schema: removeJitDomainSchema },
  async (access, input) => {
    const { domain } = await removeJitEmailDomain(await adminDeps(), access, input);
    return `Removed ${domain}. People who already joined stay members.`;
  },
);

export const setJitRoleAction = settingsAction(
  { name: 'organizations.jit.set-role', scopes: JIT_SCOPES, fields: ['role'] as const, schema: jitRoleSchema },
  async (access, input) => {
    const { role } = await setJitRole(await adminDeps(), access, input);
    return `New people now join as ${role}.`;
  },
);

export const updateBrandingAction = settingsAction(
  {
    name: 'organizations.branding',
    scopes: ['manage:organization'],
    fields: ['darkLogoUrl', 'favicon', 'darkFavicon', 'primaryColor', 'darkPrimaryColor', 'isDarkModeEnabled'] as const,
    schema: brandingSchema,
  },
  async (access, input) => {
    const { changed } = await updateOrganizationBranding(await adminDeps(), access, input);
    return changed ? 'Branding saved.' : 'Nothing to save: the branding is unchanged.';
  },
);
