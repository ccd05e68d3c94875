import { z } from 'zod';

import { API_KEY_ROLE_NAMES, type ApiKeyRole } from '@/lib/auth/scopes';

// The API keys page's inputs and outputs. No server-only import: the client form reads the field names.

export const API_KEY_NAME_MAX = 64;

export const createApiKeySchema = z.strictObject({
  name: z
    .string({ error: 'Enter a name.' })
    .trim()
    .min(1, 'Enter a name.')
    .max(API_KEY_NAME_MAX, `Use at most ${API_KEY_NAME_MAX} characters.`)
    // The name is shown in lists and the activity log; control characters have no place there.
    .refine((name) => !/[\p{Cc}]/u.test(name), 'Use letters, digits, spaces and punctuation only.'),
  role: z.enum(API_KEY_ROLE_NAMES as [ApiKeyRole, ...ApiKeyRole[]], { error: 'Choose member or viewer.' }),
});

export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;

export const revokeApiKeySchema = z.strictObject({
  keyId: z.string({ error: 'Choose a key.' }).min(1, 'Choose a key.').max(64, 'Choose a key.'),
});

/** A key as the page lists it. */
export type ApiKeyDto = {
  id: string;
  name: string;
  role: ApiKeyRole;
  /** The Logto application id: the client id of the key. */
  clientId: string;
  createdBy: { id: string; name: string };
  createdAt: string;
  lastUsedAt: string | null;
};

/** What the page shows once, right after creation; the secret is never stored by the app. */
export type CreatedApiKeyDto = {
  id: string;
  name: string;
  role: ApiKeyRole;
  clientId: string;
  clientSecret: string;
  /** The scopes to ask for: Logto puts into a machine's organization token only the scopes it requests. */
  scopes: string[];
};
