'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useRef, useState } from 'react';

import { buttonClasses } from '@/components/ui/button-link';
import { FormMessage, SubmitButton } from '@/components/ui/form';
import { OWNER_ROLE, type OrganizationRole } from '@/lib/auth/scopes';
import type { ActionState } from '@/lib/forms/action-state';
import type { MemberField } from '@/lib/organizations/admin-actions';
import type { MemberDto } from '@/lib/organizations/members';

type Action = (state: ActionState<MemberField>, formData: FormData) => Promise<ActionState<MemberField>>;

type Props = {
  member: MemberDto;
  isYou: boolean;
  /** Roles the viewer may give this member; empty when they may not change it. */
  assignableRoles: readonly OrganizationRole[];
  canRemove: boolean;
  changeRoleAction: Action;
  removeAction: Action;
};

export function MemberRow({ member, isYou, assignableRoles, canRemove, changeRoleAction, removeAction }: Props) {
  const t = useTranslations('members');
  const roles = useTranslations('roles');
  const current = member.roles[0] ?? '';
  const [role, setRole] = useState(current);
  const [confirmingRole, setConfirmingRole] = useState(false);
  const [confirmingRemove, setConfirmingRemove] = useState(false);
  // React resets a form after its action; a fresh select (new key) makes that reset land on
  // the current choice rather than on the role the row was first rendered with.
  const [generation, setGeneration] = useState(0);
  // After "Cancel" the confirmation (and the focused button) goes away: focus the select again.
  const focusSelectOnMount = useRef(false);
  const [roleState, changeRole] = useActionState(async (state: ActionState<MemberField>, formData: FormData) => {
    const next = await changeRoleAction(state, formData);
    setConfirmingRole(false);
    setGeneration((value) => value + 1);
    return next;
  }, { status: 'idle' });
  const [removeState, remove] = useActionState(removeAction, { status: 'idle' });

  // Making someone owner hands them everything, deleting the organization included; changing
  // your own role may take away the powers you are using right now. Both ask first.
  const needsConfirmation = role !== current && (role === OWNER_ROLE || isYou);
  const confirmation =
    role === OWNER_ROLE
      ? t('confirmOwner', { you: isYou ? 'yes' : 'no', name: member.name })
      : t('confirmOwn');
  const roleErrors = roleState.status === 'error' ? roleState.fieldErrors.role : undefined;
  const selectId = `role-${member.id}`;
  const roleErrorId = roleErrors?.length ? `${selectId}-error` : undefined;

  return (
    <li className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" aria-label={member.name}>
      <div className="flex flex-wrap items-center gap-4">
        <span
          aria-hidden="true"
          className="flex size-10 shrink-0 items-center justify-center rounded-full bg-brand-100 text-sm font-semibold text-brand-700 dark:bg-zinc-800 dark:text-brand-300"
        >
          {member.initials}
        </span>
        {/* At least 12rem for name and e-mail: on a phone the role controls wrap below them
            instead of squeezing them to a letter per line. */}
        <div className="min-w-0 flex-1 basis-48">
          <p className="font-medium wrap-anywhere">
            {member.name}
            {isYou && (
              <span className="ml-2 rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-normal whitespace-nowrap text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
                {t('you')}
              </span>
            )}
          </p>
          {member.email && member.email !== member.name && (
            <p className="text-sm wrap-anywhere text-zinc-600 dark:text-zinc-400">{member.email}</p>
          )}
        </div>
        {assignableRoles.length === 0 ? (
          <p className="text-sm text-zinc-700 capitalize dark:text-zinc-300">
            <span className="sr-only">{t('roleOf')}</span>
            {member.roles.map((role) => roles('name', { role })).join(', ') || roles('none')}
          </p>
        ) : (
          <form action={changeRole} className="flex flex-wrap items-center gap-2">
            <input type="hidden" name="userId" value={member.id} />
            <label htmlFor={selectId} className="sr-only">
              {t('roleLabel', { name: member.name })}
            </label>
            <select
              id={selectId}
              name="role"
              key={generation}
              ref={(element) => {
                if (element && focusSelectOnMount.current) {
                  focusSelectOnMount.current = false;
                  element.focus();
                }
              }}
              defaultValue={role}
              onChange={(event) => {
                setRole(event.target.value);
                setConfirmingRole(false);
              }}
              aria-invalid={roleErrorId ? true : undefined}
              aria-describedby={roleErrorId}
              className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm capitalize dark:border-zinc-700 dark:bg-zinc-900"
            >
              {current === '' && <option value="">{t('noRoleOption')}</option>}
              {/* A role the viewer may not give (an owner seen by an admin) still shows as current. */}
              {!assignableRoles.includes(current as OrganizationRole) && current !== '' && <option value={current}>{roles('name', { role: current })}</option>}
              {assignableRoles.map((option) => (
                <option key={option} value={option}>
                  {roles('name', { role: option })}
                </option>
              ))}
            </select>
            {needsConfirmation && !confirmingRole ? (
              <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirmingRole(true)}>
                {t('changeRole')}
              </button>
            ) : (
              !needsConfirmation && (
                <SubmitButton variant="secondary" pendingLabel={t('saving')}>
                  {t('changeRole')}
                </SubmitButton>
              )
            )}
            {needsConfirmation && confirmingRole && (
              <div role="group" aria-label={t('confirmGroup')} className="flex w-full flex-wrap items-center gap-2 rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
                <p className="w-full">{confirmation}</p>
                <SubmitButton pendingLabel={t('saving')}>{role === OWNER_ROLE ? t('makeOwner') : t('changeMine', { role: roles('name', { role }) })}</SubmitButton>
                <button
                  type="button"
                  className={buttonClasses('secondary')}
                  onClick={() => {
                    // Nothing changed: the select goes back to the member's role.
                    setConfirmingRole(false);
                    setRole(current);
                    focusSelectOnMount.current = true;
                    setGeneration((value) => value + 1);
                  }}
                >
                  {t('cancel')}
                </button>
              </div>
            )}
            {roleErrorId && (
              <p id={roleErrorId} className="w-full text-sm text-red-700 dark:text-red-400">
                {roleErrors?.join(' ')}
              </p>
            )}
          </form>
        )}
        {canRemove &&
          (confirmingRemove ? (
            <form action={remove} className="flex flex-wrap gap-2">
              <input type="hidden" name="userId" value={member.id} />
              <SubmitButton variant="danger" pendingLabel={t('removing')}>
                {t.rich('confirmRemove', { name: member.name, hidden: (chunks) => <span className="sr-only">{chunks}</span> })}
              </SubmitButton>
              <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirmingRemove(false)}>
                {t('keep')}
              </button>
            </form>
          ) : (
            <button type="button" className={buttonClasses('secondary')} onClick={() => setConfirmingRemove(true)}>
              {t.rich('remove', { name: member.name, hidden: (chunks) => <span className="sr-only">{chunks}</span> })}
            </button>
          ))}
      </div>
      {(roleState.status !== 'idle' || removeState.status === 'error') && (
        <div className="mt-3 space-y-2">
          <FormMessage state={roleState} />
          {removeState.status === 'error' && <FormMessage state={removeState} />}
        </div>
      )}
    </li>
  );
}
