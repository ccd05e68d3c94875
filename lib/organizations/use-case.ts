import 'server-only';

import type { z } from 'zod';

import { issueInEnglish } from '@/i18n/english';
import type { UserMessage } from '@/i18n/user-messages';
import type { SessionUser } from '@/lib/auth/session';
import type { Database } from '@/lib/db/connect';
import { AppError } from '@/lib/errors';
import type { ManagementApi } from '@/lib/logto/management-api';

import type { OrganizationAccess } from './access';

// What every organization use case takes: its dependencies, the verified caller, and its input
// validated again at the domain boundary.

/** What the organization use cases need; the app passes the real ones, tests the local Logto's. */
export type AdminDeps = {
  api: ManagementApi;
  db: Database;
  /** sessionStore: drop a user's cached organization tokens after their roles change. */
  tokens: { forgetOrganizationTokens: (userId: string, organizationId: string) => Promise<unknown> };
};

/** The verified caller (requireOrganizationAccess), or the part of it a use case reads. */
export type AdminAccess = Pick<OrganizationAccess, 'organizationId' | 'can'> & { user: Pick<SessionUser, 'id'> };

export const forbidden = (message: UserMessage) => new AppError('forbidden', message);

/**
 * Validates a use case's input again at the domain boundary (callers other than the forms
 * exist). The forms validated the same schema first, so its message is for the API: English.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', parsed.error.issues.map(issueInEnglish).join(' '));
  return parsed.data;
}
