'use client';

import { Field, FormMessage, RetryMessage, SubmitButton } from '@/components/ui/form';
import { useActionForm } from '@/components/ui/use-action-form';
import type { ActionState } from '@/lib/forms/action-state';
import type { CreateOrganizationField } from '@/lib/organizations/actions';

type Props = {
  idempotencyKey: string;
  action: (state: ActionState<CreateOrganizationField>, formData: FormData) => Promise<ActionState<CreateOrganizationField>>;
};

export function CreateOrganizationForm({ idempotencyKey, action }: Props) {
  const { state, formAction, fieldErrors, fields, formKey } = useActionForm(action);

  return (
    <form action={formAction} noValidate className="space-y-5" key={formKey}>
      {/* One key per form render: a double submit or a retried request makes one organization. */}
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <FormMessage state={state} retryAtButton />
      <Field
        name="name"
        label="Name"
        required
        maxLength={128}
        autoComplete="organization"
        defaultValue={fields.name}
        errors={fieldErrors.name}
        hint="Up to 128 characters. You can change it later."
      />
      <Field
        name="description"
        label="Description (optional)"
        multiline
        maxLength={256}
        defaultValue={fields.description}
        errors={fieldErrors.description}
        hint="Up to 256 characters."
      />
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pendingLabel="Creating…">Create organization</SubmitButton>
        <RetryMessage state={state} />
      </div>
    </form>
  );
}
