'use server';

import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';

import { userMessage, validationMessage } from '@/i18n/user-messages';
import { AppError } from '@/lib/errors';
import { failureState, formFields, validationErrorState, type ActionState } from '@/lib/forms/action-state';
import { userSessions } from '@/lib/logto/config';

import { currentSessionId, requireUser } from './session';

// The sessions page's server actions: signed in -> validated form -> lib/auth/user-sessions.ts,
// which only ever touches the signed-in user's own rows.

const SESSIONS_PATH = '/account/sessions';

export type SessionField = 'sessionId';

const signOutSessionSchema = z.object({
  sessionId: z.string().regex(/^[0-9a-f]{64}$/, validationMessage('unknownSession')),
});

export async function signOutSessionAction(_previous: ActionState<SessionField>, formData: FormData): Promise<ActionState<SessionField>> {
  const user = await requireUser(SESSIONS_PATH);
  const fields = formFields(formData, ['sessionId']);
  try {
    const parsed = signOutSessionSchema.safeParse(fields);
    if (!parsed.success) return validationErrorState(parsed.error, fields);
    const signedOut = await userSessions.signOut(user.id, parsed.data.sessionId);
    if (!signedOut) throw new AppError('not_found', userMessage('sessionAlreadyEnded'));
    revalidatePath(SESSIONS_PATH);
    const t = await getTranslations('actions');
    return { status: 'success', message: t('sessionSignedOut') };
  } catch (error) {
    return failureState(error, fields, 'sessions.sign-out');
  }
}

export async function signOutOtherSessionsAction(_previous: ActionState<never>): Promise<ActionState<never>> {
  const user = await requireUser(SESSIONS_PATH);
  try {
    const count = await userSessions.signOutOthers(user.id, await currentSessionId());
    revalidatePath(SESSIONS_PATH);
    const t = await getTranslations('actions');
    return { status: 'success', message: t('otherSessionsSignedOut', { count }) };
  } catch (error) {
    return failureState(error, {}, 'sessions.sign-out-others');
  }
}
