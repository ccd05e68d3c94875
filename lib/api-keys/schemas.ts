import { z } from 'zod';

import { validationMessage } from '@/i18n/user-messages';
import { API_KEY_ROLE_NAMES, type ApiKeyRole } from '@/lib/auth/scopes';

import { API_KEY_NAME_MAX } from './types';

// The API keys page's inputs, validated in the actions and again in the domain functions.

export const createApiKeySchema = z.strictObject({
  name: z
    .string({ error: validationMessage('nameRequired') })
    .trim()
    .min(1, validationMessage('nameRequired'))
    .max(API_KEY_NAME_MAX, validationMessage('tooLong'))
    // The name is shown in lists and the activity log; control characters have no place there.
    .refine((name) => !/[\p{Cc}]/u.test(name), validationMessage('nameCharacters')),
  role: z.enum(API_KEY_ROLE_NAMES as [ApiKeyRole, ...ApiKeyRole[]], { error: validationMessage('apiKeyRole') }),
});

export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;

export const revokeApiKeySchema = z.strictObject({
  keyId: z.string({ error: validationMessage('chooseKey') }).min(1, validationMessage('chooseKey')).max(64, validationMessage('chooseKey')),
});
