'use client';

import { useActionState } from 'react';

import type { ActionState, FieldErrors } from '@/lib/forms/action-state';

type FormAction<Field extends string> = (state: ActionState<Field>, formData: FormData) => Promise<ActionState<Field>>;

/**
 * useActionState for the app's ActionState forms: the field errors and submitted values of
 * the last error, and a `formKey` that remounts the inputs with those values after an error
 * (React resets uncontrolled forms after every action) and empties them after a success.
 * While a submission is pending, the last one's field errors are not shown: they judged values
 * that may have been corrected since, and the new answer replaces them (FormMessage does the
 * same for the form's message).
 */
export function useActionForm<Field extends string>(action: FormAction<Field>) {
  const [state, formAction, pending] = useActionState(action, { status: 'idle' });
  const fieldErrors: FieldErrors<Field> = state.status === 'error' && !pending ? state.fieldErrors : {};
  const fields: Partial<Record<Field, string>> = state.status === 'error' ? state.fields : {};
  const formKey =
    state.status === 'error' ? `error-${JSON.stringify(fields)}` : state.status === 'success' ? `done-${state.message}` : 'idle';
  return { state, formAction, pending, fieldErrors, fields, formKey };
}
