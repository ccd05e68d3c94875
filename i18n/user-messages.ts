// Messages that domain code raises and the form layer shows: an AppError's message and a zod
// issue's. Domain code names a catalogue key (with its values); where the words are needed,
// they are made in the reader's language: the form layer translates for the request's locale
// (lib/forms/action-state.ts), the REST API in English (i18n/english.ts: its errors are for
// developers). No server code: zod schemas that client forms import use validationMessage.
import type { z } from 'zod';

import type messages from '../messages/en.json';

type Messages = typeof messages;

/** A key of the `errors` namespace: what an AppError says to the user. */
export type ErrorMessageKey = keyof Messages['errors'];

/** A key of the `validation` namespace: what a zod issue says next to a field. */
export type ValidationMessageKey = keyof Messages['validation'];

export type MessageValues = Record<string, string | number>;

/** An AppError's message for the user: a key of `errors` and the values it formats. */
export type UserMessage = { key: ErrorMessageKey; values?: MessageValues };

export function userMessage(key: ErrorMessageKey, values?: MessageValues): UserMessage {
  return values ? { key, values } : { key };
}

const VALIDATION = 'validation.';

/**
 * A zod message that is a catalogue key (`validation.<key>`), translated where it is shown. The
 * issue's own data fill its arguments: `{minimum}`, `{maximum}` (too small, too big), `{values}`
 * (an enum's options), and the `params` of a custom issue.
 */
export function validationMessage(key: ValidationMessageKey): string {
  return `${VALIDATION}${key}`;
}

/** A translator over the whole catalogue that takes keys made at run time. */
export type Translate = {
  (key: string, values?: MessageValues): string;
  has(key: string): boolean;
};

export function translateUserMessage(t: Translate, message: UserMessage): string {
  return t(`errors.${message.key}`, message.values);
}

/** What a zod issue carries that its message may name. */
function issueValues(issue: z.core.$ZodIssue): MessageValues {
  const values: MessageValues = {};
  const data = issue as unknown as Record<string, unknown>;
  for (const name of ['minimum', 'maximum'] as const) {
    const value = data[name];
    if (typeof value === 'number' || typeof value === 'bigint') values[name] = Number(value);
  }
  if (Array.isArray(data.values)) values.values = data.values.map(String).join(', ');
  const params = data.params;
  if (params && typeof params === 'object') {
    for (const [name, value] of Object.entries(params)) {
      if (typeof value === 'string' || typeof value === 'number') values[name] = value;
    }
  }
  return values;
}

/**
 * A zod issue's message in `t`'s language. A message that is no key of ours (one a schema made
 * already translated, or zod's own) is shown as it is.
 */
export function translateIssue(t: Translate, issue: z.core.$ZodIssue): string {
  const { message } = issue;
  if (!message.startsWith(VALIDATION) || !t.has(message)) return message;
  return t(message, issueValues(issue));
}
