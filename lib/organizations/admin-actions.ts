'use server';

import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';

import { userMessage } from '@/i18n/user-messages';
import { AppError } from '@/lib/errors';
import { appErrorMessage, errorState, failureState, formFields, validationErrorState, type ActionState } from '@/lib/forms/action-state';
import { appRateLimits, requireWithinRateLimits } from '@/lib/rate-limit/app-rate-limits';

import { requireOrganizationAccess, type OrganizationAccess } from './access';
import { adminDeps, invitationDeps } from './app-deps';
import { inviteMembers, resendInvitation, revokeInvitation } from './invitations/admin';
import { invitationActionSchema, inviteMembersSchema } from './invitations/schemas';
import { changeMemberRole, changeRoleSchema, leaveOrganization, removeMember, removeMemberSchema } from './members';
import { organizationAction } from './organization-action';
import { deleteOrganization, deleteOrganizationSchema, organizationSettingsSchema, updateOrganizationSettings } from './settings';

// The organization dashboard's server actions (an invitee's are in invitations/invitee-actions).
// Each one is thin: verified organization token with the scopes it needs (organizationAction /
// requireOrganizationAccess) -> validated form -> the domain function, which checks its own
// rules, calls Logto and logs the activity.

/** Every invitation e-mail counts against the organization's and the inviter's limits. */
function requireInvitationAllowance({ organizationId, user }: OrganizationAccess, count: number) {
  const limits = appRateLimits();
  return requireWithinRateLimits([
    { policy: limits.invitationsPerOrganization, key: organizationId, cost: count },
    { policy: limits.invitationsPerInviter, key: user.id, cost: count },
  ]);
}

type BoundAction<Field extends string> = (
  organizationId: string,
  state: ActionState<Field>,
  formData: FormData,
) => Promise<ActionState<Field>>;

export type MemberField = 'userId' | 'role';
export type InviteField = 'emails' | 'role';
export type InvitationField = 'invitationId';
export type SettingsField = 'name' | 'description' | 'logoUrl' | 'isMfaRequired';
export type DeleteOrganizationField = 'confirmName';

export const changeMemberRoleAction: BoundAction<MemberField> = organizationAction(
  { name: 'members.change-role', scopes: ['manage:members'], fields: ['userId', 'role'], schema: changeRoleSchema },
  async (access, input) => {
    const result = await changeMemberRole(await adminDeps(), access, input);
    const t = await getTranslations('actions');
    const roles = await getTranslations('roles');
    const people = await getTranslations('people');
    const values = { name: result.name ?? people('thisMember'), role: roles('name', { role: result.to }) };
    return result.changed ? t('roleChanged', values) : t('roleUnchanged', values);
  },
);

export const removeMemberAction: BoundAction<MemberField> = organizationAction(
  { name: 'members.remove', scopes: ['manage:members'], fields: ['userId'], schema: removeMemberSchema },
  async (access, input) => {
    const { name } = await removeMember(await adminDeps(), access, input);
    const t = await getTranslations('actions');
    const people = await getTranslations('people');
    return t('memberRemoved', { name: name ?? people('thisMember') });
  },
);

export const inviteMembersAction: BoundAction<InviteField> = organizationAction(
  { name: 'invitations.create', scopes: ['invite:members'], fields: ['emails', 'role'], schema: inviteMembersSchema },
  async (access, input) => {
    await requireInvitationAllowance(access, input.emails.length);
    const { invited, failed } = await inviteMembers(await invitationDeps(), access, input);
    const t = await getTranslations('actions');
    const notInvited = failed.map(({ email, reason }) => t('notInvitedEntry', { email, reason })).join('; ');
    // Nothing sent: an error, so the form keeps what was typed.
    if (invited.length === 0) throw new AppError('invalid_input', userMessage('nobodyInvited', { list: notInvited }));
    const sent = t('invitationsSent', { emails: invited.join(', ') });
    return failed.length > 0 ? `${sent} ${t('notInvited', { list: notInvited })}` : sent;
  },
);

export const revokeInvitationAction: BoundAction<InvitationField> = organizationAction(
  { name: 'invitations.revoke', scopes: ['invite:members'], fields: ['invitationId'], schema: invitationActionSchema },
  async (access, input) => {
    const { email } = await revokeInvitation(await invitationDeps(), access, input);
    const t = await getTranslations('actions');
    return t('invitationRevoked', { email });
  },
);

export const resendInvitationAction: BoundAction<InvitationField> = organizationAction(
  { name: 'invitations.resend', scopes: ['invite:members'], fields: ['invitationId'], schema: invitationActionSchema },
  async (access, input) => {
    await requireInvitationAllowance(access, 1);
    const { email } = await resendInvitation(await invitationDeps(), access, input);
    const t = await getTranslations('actions');
    return t('invitationResent', { email });
  },
);

export const updateSettingsAction: BoundAction<SettingsField> = organizationAction(
  {
    name: 'organizations.settings',
    scopes: ['manage:organization'],
    fields: ['name', 'description', 'logoUrl', 'isMfaRequired'],
    schema: organizationSettingsSchema,
  },
  async (access, input) => {
    const { changes } = await updateOrganizationSettings(await adminDeps(), access, input);
    const t = await getTranslations('actions');
    if (changes.length === 0) return t('settingsUnchanged');
    // The header's switcher and the dashboard show the name too.
    if (changes.includes('name')) revalidatePath('/', 'layout');
    return t('settingsSaved');
  },
);

/** Deletes the organization; redirects to the dashboard (so not an organizationAction). */
export async function deleteOrganizationAction(
  organizationId: string,
  _previous: ActionState<DeleteOrganizationField>,
  formData: FormData,
): Promise<ActionState<DeleteOrganizationField>> {
  const fields = formFields(formData, ['confirmName'] as const);
  try {
    const access = await requireOrganizationAccess(organizationId, ['delete:organization']);
    const parsed = deleteOrganizationSchema.safeParse(fields);
    if (!parsed.success) return validationErrorState(parsed.error, fields);
    await deleteOrganization(await adminDeps(), access, parsed.data);
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input') {
      const message = await appErrorMessage(error);
      return errorState(message, fields, { confirmName: [message] });
    }
    return failureState(error, fields, 'organizations.delete');
  }
  revalidatePath('/', 'layout');
  redirect('/dashboard');
}

/** The caller leaves the organization (any member; never its last owner). */
export async function leaveOrganizationAction(organizationId: string, _previous: ActionState<never>, _formData: FormData): Promise<ActionState<never>> {
  try {
    const access = await requireOrganizationAccess(organizationId, []);
    await leaveOrganization(await adminDeps(), access);
  } catch (error) {
    return failureState(error, {}, 'organizations.leave');
  }
  revalidatePath('/', 'layout');
  redirect('/dashboard');
}
