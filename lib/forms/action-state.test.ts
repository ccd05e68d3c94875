import { describe, expect, it, vi } from 'vitest';
import { notFound, redirect } from 'next/navigation';
import { z } from 'zod';

import { AppError } from '@/lib/errors';

import { failureState, formFields, validationErrorState } from './action-state';

describe('validationErrorState', () => {
  it('collects every issue of every field, not only the first', () => {
    const schema = z.object({
      name: z.string().min(3, 'Too short.').regex(/^[a-z]+$/, 'Lowercase letters only.'),
      email: z.email('Not an e-mail address.'),
    });
    const result = schema.safeParse({ name: 'A1', email: 'nope' });
    if (result.success) throw new Error('expected a validation error');
    const state = validationErrorState(result.error, { name: 'A1', email: 'nope' });
    expect(state).toEqual({
      status: 'error',
      message: 'Please correct the highlighted fields.',
      fieldErrors: { name: ['Too short.', 'Lowercase letters only.'], email: ['Not an e-mail address.'] },
      fields: { name: 'A1', email: 'nope' },
    });
  });
});

describe('failureState', () => {
  it.each([
    ['a redirect (sign-in after the session expired)', () => redirect('/sign-in?returnTo=%2Fo%2Fabc')],
    ['notFound()', () => notFound()],
  ])("rethrows Next's %s instead of turning it into a message", (_name, navigate) => {
    let thrown: unknown;
    try {
      navigate();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeDefined();
    expect(() => failureState(thrown, {}, 'test')).toThrow(thrown);
  });

  it("shows an AppError's own message", () => {
    expect(failureState(new AppError('forbidden', "You don't have permission to create organizations"), { name: 'Acme' }, 'test')).toEqual({
      status: 'error',
      message: "You don't have permission to create organizations",
      fieldErrors: {},
      fields: { name: 'Acme' },
    });
  });

  it('never shows the message of an unexpected error, and logs it instead', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const state = failureState(new Error('connection to 10.0.0.5:5432 refused, password=hunter2'), {}, 'test');
    expect(state).toMatchObject({ status: 'error', message: 'Something went wrong on our side. Nothing was changed; please try again.' });
    expect(JSON.stringify(state)).not.toContain('hunter2');
    expect(log).toHaveBeenCalledOnce();
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
