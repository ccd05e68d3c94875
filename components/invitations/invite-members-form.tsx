'use client';

import { useTranslations } from 'next-intl';

import { RoleSelect } from '@/components/members/role-select';
import { Field, FormMessage, RetryMessage, SubmitButton } from '@/components/ui/form';
import { useActionForm } from '@/components/ui/use-action-form';
import type { OrganizationRole } from '@/lib/auth/scopes';
import type { ActionState } from '@/lib/forms/action-state';
import type { InviteField } from '@/lib/organizations/admin-actions';

type Action = (state: ActionState<InviteField>, formData: FormData) => Promise<ActionState<InviteField>>;

type Props = {
  action: Action;
  /** The roles the viewer may invite with (only owners invite owners). */
  roles: readonly OrganizationRole[];
  maxAddresses: number;
};

export function InviteMembersForm({ action, roles, maxAddresses }: Props) {
  const { state, formAction, fieldErrors, fields, formKey } = useActionForm(action);
  const t = useTranslations('inviteForm');
  return (
    <form
      action={formAction}
      noValidate
      aria-labelledby="invite-heading"
      key={formKey}
      className="space-y-4 rounded-lg border border-zinc-200 p-5 dark:border-zinc-800"
    >
      <h2 id="invite-heading" className="font-semibold">
        {t('heading')}
      </h2>
      <FormMessage state={state} retryAtButton />
      <Field
        name="emails"
        label={t('emails')}
        multiline
        required
        defaultValue={fields.emails}
        errors={fieldErrors.emails}
        placeholder="ada@example.com, grace@example.com"
        hint={t('emailsHint', { max: maxAddresses })}
      />
      <RoleSelect id="invite-role" label={t('role')} roles={roles} defaultValue={fields.role ?? 'member'} errors={fieldErrors.role} />
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pendingLabel={t('sending')}>{t('submit')}</SubmitButton>
        <RetryMessage state={state} />
      </div>
    </form>
  );
}
