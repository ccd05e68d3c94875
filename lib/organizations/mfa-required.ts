import 'server-only';

import type { Route } from 'next';

import { userMessage } from '@/i18n/user-messages';
import { AppError } from '@/lib/errors';

/**
 * Logto refused the member's organization token because the organization requires two-step
 * verification and their account has none. A `forbidden` AppError, so actions show its
 * message; pages send the member to the explanation page instead.
 */
export class MfaRequiredError extends AppError {
  constructor(readonly organizationId: string) {
    super('forbidden', userMessage('mfaRequired'));
    this.name = 'MfaRequiredError';
  }
}

export const mfaRequiredPath = (organizationId: string) => `/organizations/${encodeURIComponent(organizationId)}/mfa-required` as Route;
