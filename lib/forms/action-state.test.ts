import { createTranslator } from 'next-intl';
import { notFound, redirect } from 'next/navigation';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

import { userMessage, validationMessage } from '@/i18n/user-messages';
import { AppError } from '@/lib/errors';
import { inviteMembersSchema } from '@/lib/organizations/invitations/schemas';
import { createApiKeySchema } from '@/lib/api-keys/schemas';

import { failureState, formFields, validationErrorState } from './action-state';

// The form layer translates for the request's language. The request is simulated at its edge
// (next/headers); the app's own locale negotiation and catalogues (i18n/request.ts) do the rest,
// as next-intl's getTranslations would in a server action.
const request = vi.hoisted(() => ({ acceptLanguage: null as string | null, cookie: undefined as string | undefined }));

vi.mock('next/headers', () => ({
  headers: async () => new Headers(request.acceptLanguage ? { 'accept-language': request.acceptLanguage } : {}),
  cookies: async () => ({ get: () => (request.cookie ? { value: request.cookie } : undefined) }),
}));

vi.mock('next-intl/server', () => ({
  getRequestConfig: (create: unknown) => create,
  getTranslations: async (namespace?: string) => {
    const { default: config } = await import('@/i18n/request');
    const { locale, messages } = await (config as unknown as (params: unknown) => Promise<{ locale: 'en' | 'de'; messages: never }>)({});
    return createTranslator({ locale, messages, namespace: namespace as never });
  },
}));

afterEach(() => {
  request.acceptLanguage = null;
  request.cookie = undefined;
});

describe('validationErrorState', () => {
  it('collects every issue of every field, not only the first', async () => {
    const schema = z.object({
      name: z.string().min(3, 'Too short.').regex(/^[a-z]+$/, 'Lowercase letters only.'),
      email: z.email('Not an e-mail address.'),
    });
    const result = schema.safeParse({ name: 'A1', email: 'nope' });
    if (result.success) throw new Error('expected a validation error');
    const state = await validationErrorState(result.error, { name: 'A1', email: 'nope' });
    expect(state).toEqual({
      status: 'error',
      message: 'Please correct the highlighted fields.',
      fieldErrors: { name: ['Too short.', 'Lowercase letters only.'], email: ['Not an e-mail address.'] },
      fields: { name: 'A1', email: 'nope' },
    });
  });

  it("translates catalogue keys with the issue's own values, in English by default", async () => {
    const result = inviteMembersSchema.safeParse({ emails: 'ann@example.com, not-an-address', role: 'king' });
    if (result.success) throw new Error('expected a validation error');
    const state = await validationErrorState(result.error, {});
    expect(state).toMatchObject({
      message: 'Please correct the highlighted fields.',
      fieldErrors: { emails: ['“not-an-address” is not a valid e-mail address.'], role: ['Choose one of the roles: owner, admin, member, viewer.'] },
    });
  });

  it('says it in German for a German request (Accept-Language)', async () => {
    request.acceptLanguage = 'de-CH, en;q=0.5';
    const result = createApiKeySchema.safeParse({ name: 'x'.repeat(200), role: 'owner' });
    if (result.success) throw new Error('expected a validation error');
    const state = await validationErrorState(result.error, {});
    expect(state).toMatchObject({
      message: 'Bitte korrigieren Sie die markierten Felder.',
      fieldErrors: { name: [expect.stringMatching(/^Verwenden Sie höchstens \d+ Zeichen\.$/)], role: ['Wählen Sie member oder viewer.'] },
    });
  });

  it('follows the language chosen in the switcher (the locale cookie) over Accept-Language', async () => {
    request.acceptLanguage = 'en';
    request.cookie = 'de';
    const result = z.object({ name: z.string().min(1, validationMessage('nameRequired')) }).safeParse({ name: '' });
    if (result.success) throw new Error('expected a validation error');
    expect(await validationErrorState(result.error, {})).toMatchObject({ fieldErrors: { name: ['Geben Sie einen Namen ein.'] } });
  });
});

describe('failureState', () => {
  it.each([
    ['a redirect (sign-in after the session expired)', () => redirect('/sign-in?returnTo=%2Fo%2Fabc')],
    ['notFound()', () => notFound()],
  ])("rethrows Next's %s instead of turning it into a message", async (_name, navigate) => {
    let thrown: unknown;
    try {
      navigate();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeDefined();
    await expect(failureState(thrown, {}, 'test')).rejects.toBe(thrown);
  });

  it("shows an AppError's message in English by default, the same words as its `message`", async () => {
    const error = new AppError('forbidden', userMessage('noPermissionToCreateOrganizations'));
    expect(error.message).toBe("You don't have permission to create organizations");
    expect(await failureState(error, { name: 'Acme' }, 'test')).toEqual({
      status: 'error',
      message: "You don't have permission to create organizations",
      fieldErrors: {},
      fields: { name: 'Acme' },
    });
  });

  it("shows an AppError's message in German for a German request, with its values and Retry-After", async () => {
    request.acceptLanguage = 'de';
    const error = new AppError('rate_limited', userMessage('rateLimited', { what: 'invitationsFromYou', unit: 'minute', amount: 12 }), { retryAfterSeconds: 720 });
    expect(error.message).toBe('Too many invitations from you for now. Try again in 12 minutes.');
    expect(await failureState(error, {}, 'test')).toEqual({
      status: 'error',
      message: 'Zu viele Einladungen von Ihnen für den Moment. Versuchen Sie es in 12 Minuten erneut.',
      fieldErrors: {},
      fields: {},
      retryAfterSeconds: 720,
    });
  });

  it('shows an AppError without a key (a developer message) as it is', async () => {
    request.acceptLanguage = 'de';
    expect(await failureState(new AppError('invalid_request', 'Not a valid cursor.'), {}, 'test')).toMatchObject({ message: 'Not a valid cursor.' });
  });

  it('never shows the message of an unexpected error, and logs it instead', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const state = await failureState(new Error('connection to 10.0.0.5:5432 refused, password=hunter2'), {}, 'test');
    expect(state).toMatchObject({ status: 'error', message: 'Something went wrong on our side. Nothing was changed; please try again.' });
    expect(JSON.stringify(state)).not.toContain('hunter2');
    expect(log).toHaveBeenCalledOnce();
    log.mockRestore();
  });

  it('says the generic sentence in German for a German request', async () => {
    request.acceptLanguage = 'de';
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await failureState(new Error('boom'), {}, 'test')).toMatchObject({ message: 'Bei uns ist etwas schiefgelaufen. Es wurde nichts geändert; bitte versuchen Sie es erneut.' });
    log.mockRestore();
  });
});

describe('formFields', () => {
  it('keeps only the named string fields', () => {
    const data = new FormData();
    data.set('name', 'Acme');
    data.set('password', 'secret');
    data.set('logo', new Blob(['x']), 'logo.png');
    expect(formFields(data, ['name', 'logo', 'missing'])).toEqual({ name: 'Acme' });
  });
});
