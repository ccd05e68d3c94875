import 'server-only';

import { LogtoRequestError } from '@logto/node';
import { z } from 'zod';

// Logto refuses an organization token to a member of an organization that requires MFA when
// the user has no MFA factor, with the same 403 `access_denied` it gives non-members; only the
// `error_description` tells the two apart (Logto's grants/utils.ts, checkOrganizationAccess):
//   {"code":"oidc.access_denied","error":"access_denied",
//    "error_description":"organization requires MFA but user has no MFA configured"}
// @logto/client puts Logto's `code` on the error and keeps the response as its `cause`.

export const MFA_REFUSAL_DESCRIPTION = 'organization requires MFA but user has no MFA configured';

const refusalBodySchema = z.object({ error: z.literal('access_denied'), error_description: z.literal(MFA_REFUSAL_DESCRIPTION) });

/** Whether an organization token request failed because the organization requires MFA the user lacks. */
export async function isMfaRequiredRefusal(error: unknown): Promise<boolean> {
  if (!(error instanceof LogtoRequestError) || error.code !== 'oidc.access_denied') return false;
  const response = error.cause;
  if (!(response instanceof Response) || response.status !== 403 || response.bodyUsed) return false;
  try {
    return refusalBodySchema.safeParse(await response.clone().json()).success;
  } catch {
    return false;
  }
}
