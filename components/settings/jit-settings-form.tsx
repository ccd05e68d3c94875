'use client';

import { Field, FormMessage, SubmitButton } from '@/components/ui/form';
import { RoleSelect } from '@/components/members/role-select';
import { useActionForm } from '@/components/ui/use-action-form';
import type { ActionState } from '@/lib/forms/action-state';
import type { JitDomainField, JitRoleField } from '@/lib/organizations/jit-branding-actions';

// Automatic membership by e-mail domain (owners). Strings kept together here until the app's
// messages move to next-intl.
const TEXT = {
  heading: 'Automatic membership',
  intro:
    'People who create an account with a verified e-mail address at one of these domains join this organization automatically, with the role chosen below (never owner). People who already have an account are not added.',
  empty: 'No domains yet.',
  listLabel: 'Domains',
  domainLabel: 'E-mail domain',
  domainHint: 'A domain your organization owns, such as acme.com. Public e-mail providers are refused.',
  add: 'Add domain',
  adding: 'Adding…',
  remove: (domain: string) => `Remove ${domain}`,
  removing: 'Removing…',
  roleLabel: 'Role for new people',
  noRole: 'No role is set yet: new people would join without permissions. Choose one and save.',
  saveRole: 'Save role',
  savingRole: 'Saving…',
};

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
  return (
    <section aria-labelledby="jit-heading" className="space-y-5 rounded-lg border border-zinc-200 p-5 dark:border-zinc-800">
      <h2 id="jit-heading" className="text-lg font-semibold">
        {TEXT.heading}
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-300">{TEXT.intro}</p>
      <DomainList domains={domains} removeAction={removeAction} />
      <AddDomainForm action={addAction} />
      <RoleForm role={role} roles={roles} action={roleAction} />
    </section>
  );
}

function DomainList({ domains, removeAction }: { domains: string[]; removeAction: Action<JitDomainField> }) {
  const { state, formAction } = useActionForm(removeAction);
  if (domains.length === 0) {
    return (
      <div>
        <FormMessage state={state} />
        <p className="text-sm text-zinc-600 dark:text-zinc-300">{TEXT.empty}</p>
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <FormMessage state={state} />
      <ul aria-label={TEXT.listLabel} className="divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {domains.map((domain) => (
          <li key={domain} className="flex items-center justify-between gap-3 px-3 py-2">
            <span className="font-mono text-sm wrap-anywhere">{domain}</span>
            <form action={formAction}>
              <input type="hidden" name="emailDomain" value={domain} />
              <SubmitButton variant="secondary" pendingLabel={TEXT.removing}>
                <span aria-hidden="true">Remove</span>
                <span className="sr-only">{TEXT.remove(domain)}</span>
              </SubmitButton>
            </form>
          </li>
        ))}
      </ul>
    </div>
  );
}

function AddDomainForm({ action }: { action: Action<JitDomainField> }) {
  const { state, formAction, fieldErrors, fields, formKey } = useActionForm(action);
  return (
    <form action={formAction} noValidate key={formKey} className="space-y-3">
      {/* A refusal of the domain is said next to the field; anything else here. */}
      {!fieldErrors.emailDomain?.length && <FormMessage state={state} />}
      <Field
        name="emailDomain"
        label={TEXT.domainLabel}
        required
        maxLength={128}
        autoComplete="off"
        spellCheck={false}
        autoCapitalize="none"
        placeholder="acme.com"
        defaultValue={fields.emailDomain ?? ''}
        errors={fieldErrors.emailDomain}
        hint={TEXT.domainHint}
      />
      <SubmitButton pendingLabel={TEXT.adding}>{TEXT.add}</SubmitButton>
    </form>
  );
}

function RoleForm({ role, roles, action }: { role: string | null; roles: readonly ('admin' | 'member' | 'viewer')[]; action: Action<JitRoleField> }) {
  const { state, formAction, fieldErrors, fields } = useActionForm(action);
  const selected = fields.role ?? role ?? 'member';
  return (
    <form action={formAction} noValidate key={`${role}-${state.status}`} className="space-y-3 border-t border-zinc-200 pt-5 dark:border-zinc-800">
      <FormMessage state={state} />
      {role === null && <p className="text-sm text-amber-800 dark:text-amber-200">{TEXT.noRole}</p>}
      <RoleSelect id="jit-role" label={TEXT.roleLabel} roles={roles} defaultValue={selected} errors={fieldErrors.role} />
      <SubmitButton pendingLabel={TEXT.savingRole}>{TEXT.saveRole}</SubmitButton>
    </form>
  );
}
