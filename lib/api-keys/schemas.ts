import { z } from 'zod';

import { API_KEY_ROLE_NAMES, type ApiKeyRole } from '@/lib/auth/scopes';

import { API_KEY_NAME_MAX } from './types';

// The API keys page's inputs, validated in the actions and again in the domain functions.

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
