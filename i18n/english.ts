// The English words of user messages (i18n/user-messages.ts), wherever there is no reader to
// ask: an AppError's `message` (logs, and the REST API's error_description, which stays
// English for developers) and the API's field errors.
import { createTranslator } from 'next-intl';
import type { z } from 'zod';

import en from '../messages/en.json';

import { translateIssue, translateUserMessage, type Translate, type UserMessage } from './user-messages';

const english = createTranslator({ locale: 'en', messages: en }) as unknown as Translate;

export const userMessageInEnglish = (message: UserMessage): string => translateUserMessage(english, message);

export const issueInEnglish = (issue: z.core.$ZodIssue): string => translateIssue(english, issue);
