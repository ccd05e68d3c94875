// The one result shape of every form's server action (useActionState).
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';

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

/** Every field's errors from zod (not only the first issue). */
export function validationErrorState<Field extends string>(
  error: z.ZodError,
  fields: Partial<Record<Field, string>>,
): ActionState<Field> {
  const fieldErrors: FieldErrors<Field> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '') as Field;
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return errorState('Please correct the highlighted fields.', fields, fieldErrors);
}

/**
 * Maps a failure to what the user may see: an AppError's own message, or a generic sentence
 * for anything unexpected (logged with its details, never sent to the browser). Next's own
 * control-flow errors are rethrown first: a redirect (to sign-in, when the session expired)
 * or notFound() thrown inside an action's try block must reach Next, not become a message.
 */
export function failureState<Field extends string>(
  error: unknown,
  fields: Partial<Record<Field, string>>,
  context: string,
): ActionState<Field> {
  unstable_rethrow(error);
  if (error instanceof AppError) {
    const { retryAfterSeconds } = error;
    return { status: 'error', message: error.message, fieldErrors: {}, fields, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
  }
  console.error(`[${context}] unexpected failure:`, error);
  return errorState('Something went wrong on our side. Nothing was changed; please try again.', fields);
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
