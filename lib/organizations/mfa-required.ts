import 'server-only';

import type { Route } from 'next';

import { AppError } from '@/lib/errors';

/**
 * Logto refused the member's organization token because the organization requires two-step
 * verification and their account has none. A `forbidden` AppError, so actions show its
 * message; pages send the member to the explanation page instead.
 */
export class MfaRequiredError extends AppError {
  constructor(readonly organizationId: string) {
    super('forbidden', 'This organization requires two-step verification, and your account has none set up yet. Set it up, then try again.');
    this.name = 'MfaRequiredError';
  }
}

export const mfaRequiredPath = (organizationId: string) => `/organizations/${encodeURIComponent(organizationId)}/mfa-required` as Route;
