'use client';

import { useFormStatus } from 'react-dom';

import { buttonClasses, type ButtonVariant } from './button-link';

const inputClasses =
  'mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-zinc-400 aria-invalid:border-red-600 dark:border-zinc-700 dark:bg-zinc-900 dark:aria-invalid:border-red-400';

type FieldProps = {
  name: string;
  label: string;
  errors?: string[];
  hint?: string;
} & Omit<React.InputHTMLAttributes<HTMLInputElement> & React.TextareaHTMLAttributes<HTMLTextAreaElement>, 'name'>;

/** A labelled input (or textarea) whose hint and errors are tied to it with aria-describedby. */
export function Field({ name, label, errors, hint, multiline, ...props }: FieldProps & { multiline?: boolean }) {
  const id = `field-${name}`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const shared = { id, name, className: inputClasses, 'aria-invalid': errors?.length ? true : undefined, 'aria-describedby': describedBy };
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {multiline ? <textarea rows={3} {...shared} {...props} /> : <input {...shared} {...props} />}
      {hint && (
        <p id={hintId} className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
          {hint}
        </p>
      )}
      {errorId && (
        <p id={errorId} className="mt-1 text-sm text-red-700 dark:text-red-400">
          {errors?.join(' ')}
        </p>
      )}
    </div>
  );
}

/** Submit button that shows a pending label and blocks double submits while the action runs. */
export function SubmitButton({ children, pendingLabel, variant = 'primary' }: { children: React.ReactNode; pendingLabel: string; variant?: ButtonVariant }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} aria-disabled={pending} className={buttonClasses(variant)}>
      {pending && <span aria-hidden="true" className="size-3 animate-spin rounded-full border-2 border-current border-t-transparent" />}
      {pending ? pendingLabel : children}
    </button>
  );
}

type MessageState = { status: string; message?: string; retryAfterSeconds?: number };

const isRateLimited = (state: MessageState) => state.status === 'error' && state.retryAfterSeconds !== undefined;

/**
 * The form-level message: errors are announced (role="alert"), successes politely. In a form
 * that shows a RetryMessage next to its button, pass `retryAtButton` so a rate-limit refusal
 * is said there, once.
 */
export function FormMessage({ state, retryAtButton = false }: { state: MessageState; retryAtButton?: boolean }) {
  // Inside its form: an error is withdrawn while the next submission runs, and announced again
  // if it comes back.
  const { pending } = useFormStatus();
  if (pending && state.status === 'error') return null;
  if (retryAtButton && isRateLimited(state)) return null;
  if (state.status === 'error' && state.message) {
    return (
      <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
        {state.message}
      </p>
    );
  }
  if (state.status === 'success' && state.message) {
    return (
      <p role="status" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800 dark:border-green-900 dark:bg-green-950 dark:text-green-200">
        {state.message}
      </p>
    );
  }
  return null;
}

/** A rate-limit refusal, next to the submit button: what was limited and when to try again. */
export function RetryMessage({ state }: { state: MessageState }) {
  if (!isRateLimited(state) || !state.message) return null;
  return (
    <p role="alert" className="text-sm text-red-700 dark:text-red-400">
      {state.message}
    </p>
  );
}
