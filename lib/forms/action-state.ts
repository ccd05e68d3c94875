// The one result shape of every form's server action (useActionState). Its messages are in
// the request's language: validation and domain errors arrive as catalogue keys
// (i18n/user-messages.ts) and are translated here, at the form boundary.
import { unstable_rethrow } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import type { z } from 'zod';

import { translateIssue, translateUserMessage, type Translate } from '@/i18n/user-messages';
import { AppError } from '@/lib/errors';

export type FieldErrors<Field extends string> = Partial<Record<Field, string[]>>;

export type ActionState<Field extends string = string> =
  | { status: 'idle' }
  | { status: 'success'; message: string }
  | {
      status: 'error';
      message: string;
      fieldErrors: FieldErrors<Field>;
      /** The submitted, non-secret values, to refill the form. */
      fields: Partial<Record<Field, string>>;
      /** Set when a rate limit refused the submit: the message (next to the button) says when to retry. */
      retryAfterSeconds?: number;
    };

export function errorState<Field extends string>(
  message: string,
  fields: Partial<Record<Field, string>> = {},
  fieldErrors: FieldErrors<Field> = {},
): ActionState<Field> {
  return { status: 'error', message, fieldErrors, fields };
}

/** The request's translator over the whole catalogue, for keys that domain code chose. */
async function requestTranslator(): Promise<Translate> {
  const t = await getTranslations();
  return t as unknown as Translate;
}

/** Every field's errors from zod (not only the first issue), in the request's language. */
export async function validationErrorState<Field extends string>(
  error: z.ZodError,
  fields: Partial<Record<Field, string>>,
): Promise<ActionState<Field>> {
  const t = await requestTranslator();
  const fieldErrors: FieldErrors<Field> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '') as Field;
    (fieldErrors[key] ??= []).push(translateIssue(t, issue));
  }
  return errorState(t('forms.correctFields'), fields, fieldErrors);
}

/** One zod issue's message in the request's language. */
export async function issueMessage(issue: z.core.$ZodIssue): Promise<string> {
  return translateIssue(await requestTranslator(), issue);
}

/** An AppError's message in the request's language (its English `message` when it has no key). */
export async function appErrorMessage(error: AppError): Promise<string> {
  if (!error.userMessage) return error.message;
  return translateUserMessage(await requestTranslator(), error.userMessage);
}

/**
 * Maps a failure to what the user may see: an AppError's own message, or a generic sentence
 * for anything unexpected (logged with its details, never sent to the browser). Next's own
 * control-flow errors are rethrown first: a redirect (to sign-in, when the session expired)
 * or notFound() thrown inside an action's try block must reach Next, not become a message.
 */
export async function failureState<Field extends string>(
  error: unknown,
  fields: Partial<Record<Field, string>>,
  context: string,
): Promise<ActionState<Field>> {
  unstable_rethrow(error);
  if (error instanceof AppError) {
    const { retryAfterSeconds } = error;
    const message = await appErrorMessage(error);
    return { status: 'error', message, fieldErrors: {}, fields, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
  }
  console.error(`[${context}] unexpected failure:`, error);
  const t = await requestTranslator();
  return errorState(t('forms.unexpected'), fields);
}

/** The string values of a FormData for the given fields (files and missing fields are left out). */
export function formFields<Field extends string>(formData: FormData, names: readonly Field[]) {
  const fields: Partial<Record<Field, string>> = {};
  for (const name of names) {
    const value = formData.get(name);
    if (typeof value === 'string') fields[name] = value;
  }
  return fields;
}
