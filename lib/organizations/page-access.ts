import 'server-only';

import { redirect } from 'next/navigation';
import { cache } from 'react';

import { AppError } from '@/lib/errors';

import { requireOrganizationAccess, type OrganizationAccess } from './access';
import { MfaRequiredError, mfaRequiredPath } from './mfa-required';

/**
 * For organization pages (Server Components): the verified access, or null when the user is
 * not a member or lacks `scopes`, so the page shows "no access" instead of crashing. A member
 * whom Logto refuses for lack of MFA is sent to the page that explains it.
 * Once per request and organization.
 */
export const getOrganizationPageAccess = cache(
  async (organizationId: string, returnTo: string): Promise<OrganizationAccess | null> => {
    try {
      return await requireOrganizationAccess(organizationId, [], { from: 'page', returnTo });
    } catch (error) {
      if (error instanceof MfaRequiredError) redirect(mfaRequiredPath(organizationId));
      if (error instanceof AppError && error.code === 'forbidden') return null;
      throw error;
    }
  },
);
