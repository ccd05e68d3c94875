'use client';

import { useTranslations } from 'next-intl';

import { Field, FormMessage, SubmitButton } from '@/components/ui/form';
import { RoleSelect } from '@/components/members/role-select';
import { useActionForm } from '@/components/ui/use-action-form';
import type { ActionState } from '@/lib/forms/action-state';
import type { JitDomainField, JitRoleField } from '@/lib/organizations/jit-branding-actions';

// Automatic membership by e-mail domain (owners).

type Action<Field extends string> = (state: ActionState<Field>, formData: FormData) => Promise<ActionState<Field>>;

export function JitSettingsForm({
  domains,
  role,
  roles,
  addAction,
  removeAction,
  roleAction,
}: {
  domains: string[];
  role: string | null;
  roles: readonly ('admin' | 'member' | 'viewer')[];
  addAction: Action<JitDomainField>;
  removeAction: Action<JitDomainField>;
  roleAction: Action<JitRoleField>;
}) {
  const t = useTranslations('jitSettings');
  return (
    <section aria-labelledby="jit-heading" className="space-y-5 rounded-lg border border-zinc-200 p-5 dark:border-zinc-800">
      <h2 id="jit-heading" className="text-lg font-semibold">
        {t('heading')}
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-300">{t('intro')}</p>
      <DomainList domains={domains} removeAction={removeAction} />
      <AddDomainForm action={addAction} />
      <RoleForm role={role} roles={roles} action={roleAction} />
    </section>
  );
}

function DomainList({ domains, removeAction }: { domains: string[]; removeAction: Action<JitDomainField> }) {
  const t = useTranslations('jitSettings');
  const { state, formAction } = useActionForm(removeAction);
  if (domains.length === 0) {
    return (
      <div>
        <FormMessage state={state} />
        <p className="text-sm text-zinc-600 dark:text-zinc-300">{t('empty')}</p>
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <FormMessage state={state} />
      <ul aria-label={t('listLabel')} className="divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {domains.map((domain) => (
          <li key={domain} className="flex items-center justify-between gap-3 px-3 py-2">
            <span className="font-mono text-sm wrap-anywhere">{domain}</span>
            <form action={formAction}>
              <input type="hidden" name="emailDomain" value={domain} />
              <SubmitButton variant="secondary" pendingLabel={t('removing')}>
                <span aria-hidden="true">{t('remove')}</span>
                <span className="sr-only">{t('removeDomain', { domain })}</span>
              </SubmitButton>
            </form>
          </li>
        ))}
      </ul>
    </div>
  );
}

function AddDomainForm({ action }: { action: Action<JitDomainField> }) {
  const t = useTranslations('jitSettings');
  const { state, formAction, fieldErrors, fields, formKey } = useActionForm(action);
  return (
    <form action={formAction} noValidate key={formKey} className="space-y-3">
      {/* A refusal of the domain is said next to the field; anything else here. */}
      {!fieldErrors.emailDomain?.length && <FormMessage state={state} />}
      <Field
        name="emailDomain"
        label={t('domainLabel')}
        required
        maxLength={128}
        autoComplete="off"
        spellCheck={false}
        autoCapitalize="none"
        placeholder="acme.com"
        defaultValue={fields.emailDomain ?? ''}
        errors={fieldErrors.emailDomain}
        hint={t('domainHint')}
      />
      <SubmitButton pendingLabel={t('adding')}>{t('add')}</SubmitButton>
    </form>
  );
}

function RoleForm({ role, roles, action }: { role: string | null; roles: readonly ('admin' | 'member' | 'viewer')[]; action: Action<JitRoleField> }) {
  const t = useTranslations('jitSettings');
  const { state, formAction, fieldErrors, fields } = useActionForm(action);
  const selected = fields.role ?? role ?? 'member';
  return (
    <form action={formAction} noValidate key={`${role}-${state.status}`} className="space-y-3 border-t border-zinc-200 pt-5 dark:border-zinc-800">
      <FormMessage state={state} />
      {role === null && <p className="text-sm text-amber-800 dark:text-amber-200">{t('noRole')}</p>}
      <RoleSelect id="jit-role" label={t('roleLabel')} roles={roles} defaultValue={selected} errors={fieldErrors.role} />
      <SubmitButton pendingLabel={t('savingRole')}>{t('saveRole')}</SubmitButton>
    </form>
  );
}
