import 'server-only';

import { revalidatePath } from 'next/cache';
import type { z } from 'zod';

import type { OrganizationScope } from '@/lib/auth/scopes';
import { failureState, formFields, validationErrorState, type ActionState } from '@/lib/forms/action-state';

import { requireOrganizationAccess, type OrganizationAccess } from './access';

/**
 * Builds an organization-scoped server action whose checks can't be forgotten: signed in ->
 * a verified organization token for `organizationId` with `scopes` -> zod-valid form fields
 * -> `run`. Bind the organization id: `action.bind(null, organizationId)`; a tampered id only
 * ever reaches organizations the token verification lets through.
 */
export function organizationAction<Field extends string, Schema extends z.ZodType>(
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
      revalidatePath(`/o/${organizationId}`, 'layout');
      return { status: 'success', message };
    } catch (error) {
      return failureState(error, fields, options.name);
    }
  };
}
