import { LogtoClientError, LogtoRequestError } from '@logto/node';
import { describe, expect, it } from 'vitest';

import { isMfaRequiredRefusal, MFA_REFUSAL_DESCRIPTION } from './mfa-refusal';

// As @logto/client throws it: Logto's `code` and message, the response kept as `cause`.
function refusal(status: number, body: unknown, code = 'oidc.access_denied') {
  const response = new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
  return new LogtoRequestError(code, 'Access denied.', response);
}

// The body of the recorded exchange (a real Logto 1.37, 82-mfa-required-org).
const recorded = {
  code: 'oidc.access_denied',
  message: 'Access denied.',
  error: 'access_denied',
  error_description: MFA_REFUSAL_DESCRIPTION,
};

describe('isMfaRequiredRefusal', () => {
  it('recognizes the refusal Logto gives a member without MFA', async () => {
    expect(await isMfaRequiredRefusal(refusal(403, recorded))).toBe(true);
  });

  it.each([
    ['a non-member', refusal(403, { ...recorded, error_description: 'user is not a member of the organization' })],
    ['an app the organization is not granted to', refusal(403, { ...recorded, error_description: 'organization access is not granted to the application' })],
    ['another OAuth error with the same text', refusal(400, { ...recorded, error: 'invalid_grant', code: 'oidc.invalid_grant' }, 'oidc.invalid_grant')],
    ['another status', refusal(400, recorded)],
    ['a body that is not JSON', refusal(403, 'Forbidden')],
    ['a response without a body', new LogtoRequestError('oidc.access_denied', 'Access denied.')],
    ['a client error', new LogtoClientError('not_authenticated')],
    ['a plain error with the text', new Error(MFA_REFUSAL_DESCRIPTION)],
    ['nothing', undefined],
  ])('does not mistake %s for it', async (_name, error) => {
    expect(await isMfaRequiredRefusal(error)).toBe(false);
  });

  it('leaves the response readable for whoever logs it next', async () => {
    const error = refusal(403, recorded);
    await isMfaRequiredRefusal(error);
    expect(await (error.cause as Response).json()).toEqual(recorded);
  });
});
