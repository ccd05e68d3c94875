'use server';

import { Prompt } from '@logto/node';
import { signIn } from '@logto/next/server-actions';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';

import { requestLocale } from '@/i18n/request-locale';
import { requireUser } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { failureState, type ActionState } from '@/lib/forms/action-state';
import { CALLBACK_PATH, logtoConfig } from '@/lib/logto/config';
import { getManagementApi } from '@/lib/logto/management-api-client';
import { peopleNames } from '@/lib/people-names';

import { invitationDeps } from '../app-deps';
import { acceptInvitation, declineInvitation } from './invitee';
import { getInvitationView } from './view';

// The invitation page's server actions, for the signed-in invitee: accept, decline, or sign
// in as someone else.

function invitationPath(invitationId: string) {
  return `/invitations/${encodeURIComponent(invitationId)}`;
}

/** Accepts an invitation as the signed-in user and lands them in the organization. */
export async function acceptInvitationAction(invitationId: string, _previous: ActionState<never>, _formData: FormData): Promise<ActionState<never>> {
  const user = await requireUser(invitationPath(invitationId));
  let organizationId: string;
  try {
    ({ organizationId } = await acceptInvitation(await invitationDeps(), user, invitationId));
  } catch (error) {
    return failureState(error, {}, 'invitations.accept');
  }
  // The header's organization switcher lists it from now on.
  revalidatePath('/', 'layout');
  redirect(`/o/${organizationId}`);
}

/** Declines an invitation as the signed-in invitee. */
export async function declineInvitationAction(invitationId: string, _previous: ActionState<never>, _formData: FormData): Promise<ActionState<never>> {
  const user = await requireUser(invitationPath(invitationId));
  try {
    await declineInvitation(await invitationDeps(), user, invitationId);
  } catch (error) {
    return failureState(error, {}, 'invitations.decline');
  }
  redirect(`${invitationPath(invitationId)}?declined=1`);
}

/**
 * "Not you?" on an invitation: drops this app's session (the SDK clears its tokens when a
 * sign-in starts) and makes Logto ask for credentials again, prefilled with the invitee's
 * e-mail, even while Logto still has a session for the current account. Afterwards the
 * invitee is back on the invitation.
 */
export async function switchInvitationAccountAction(invitationId: string): Promise<void> {
  // Unknown (or malformed) ids get no sign-in: back to the page, which says so.
  const view = await getInvitationView({ api: getManagementApi(), names: await peopleNames() }, invitationId);
  if (!view) redirect(invitationPath(invitationId));
  const { appUrl } = getEnv();
  await signIn(logtoConfig, {
    redirectUri: `${appUrl}${CALLBACK_PATH}`,
    postRedirectUri: `${appUrl}${invitationPath(view.id)}`,
    loginHint: view.email,
    prompt: [Prompt.Login, Prompt.Consent],
    extraParams: { ui_locales: await requestLocale() },
  });
}
