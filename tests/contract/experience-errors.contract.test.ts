// Experience API errors (reference sample 76).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { expectExactJson, expectJson, expectLogtoError, expectStatus } from './support/assertions';
import { contractContext } from './support/context';
import { Fixtures, type TestUser } from './support/fixtures';
import { httpRequest } from './support/http';
import { experienceVerificationSchema } from './support/logto-schemas';
import { contractUsername, randomId, strongPassword } from './support/random';
import { startSignInInteraction, type SignInInteraction } from './support/sign-in';

const { target, api, webApp } = contractContext();
const fixtures = new Fixtures(api);
afterAll(() => fixtures.cleanup());

const INVALID_CREDENTIALS = {
  code: 'session.invalid_credentials',
  message: 'Incorrect account or password. Please check your input.',
};
const IDENTIFIER_NOT_FOUND = {
  code: 'session.identifier_not_found',
  message: 'User identifier not found. Please go back and sign in again.',
};

let user: TestUser;

beforeAll(async () => {
  user = await fixtures.createUser();
});

async function startInteraction(event: 'SignIn' | 'Register'): Promise<SignInInteraction> {
  const interaction = await startSignInInteraction(webApp);
  expectStatus(await interaction.experience('PUT', '', { interactionEvent: event }), 204);
  return interaction;
}

describe('sign-in errors', () => {
  let interaction: SignInInteraction;

  beforeAll(async () => {
    interaction = await startInteraction('SignIn');
  });

  it('a wrong password: 422 session.invalid_credentials', async () => {
    const response = await interaction.experience('POST', '/verification/password', {
      identifier: { type: 'username', value: user.username },
      password: 'Wrong-Password-1!',
    });
    expectExactJson(response, 422, INVALID_CREDENTIALS);
  });

  it('an unknown user: the same 422 session.invalid_credentials', async () => {
    const response = await interaction.experience('POST', '/verification/password', {
      identifier: { type: 'username', value: contractUsername() },
      password: 'Whatever-Pw-1!',
    });
    expectExactJson(response, 422, INVALID_CREDENTIALS);
  });

  it('an unknown e-mail: the same 422 session.invalid_credentials', async () => {
    const response = await interaction.experience('POST', '/verification/password', {
      identifier: { type: 'email', value: `contract-nobody-${randomId(8)}@example.com` },
      password: 'Whatever-Pw-1!',
    });
    expectExactJson(response, 422, INVALID_CREDENTIALS);
  });

  it('submit before identification: 404 session.identifier_not_found', async () => {
    expectExactJson(await interaction.experience('POST', '/submit'), 404, IDENTIFIER_NOT_FOUND);
  });

  it('identification with an unknown verificationId: 404 session.verification_session_not_found', async () => {
    const response = await interaction.experience('POST', '/identification', {
      verificationId: `contract-${randomId(21)}`,
    });
    expectExactJson(response, 404, {
      code: 'session.verification_session_not_found',
      message: 'The verification was not successful. Restart the verification flow and try again.',
    });
  });

  it('identification without a verificationId (SignIn): 400 guard.invalid_input', async () => {
    expectLogtoError(await interaction.experience('POST', '/identification', {}), 400, { code: 'guard.invalid_input' });
  });

  it('the interaction still works after the errors', async () => {
    const verification = expectJson(
      await interaction.experience('POST', '/verification/password', {
        identifier: { type: 'username', value: user.username },
        password: user.password,
      }),
      200,
      experienceVerificationSchema,
    );
    expectStatus(await interaction.experience('POST', '/identification', verification), 204);
  });
});

describe('registration errors', () => {
  let interaction: SignInInteraction;

  beforeAll(async () => {
    interaction = await startInteraction('Register');
  });

  const newPasswordIdentity = (username: string, password: string) =>
    interaction.experience('POST', '/verification/new-password-identity', {
      identifier: { type: 'username', value: username },
      password,
    });

  it('a username already in use: 422 user.username_already_in_use', async () => {
    expectExactJson(await newPasswordIdentity(user.username, strongPassword()), 422, {
      code: 'user.username_already_in_use',
      message: 'This username is already in use.',
    });
  });

  const REJECTED = 'Password rejected. Please check if your password meets the requirements.';

  it('a too-short password: 422 password.rejected with the reasons in data', async () => {
    expectExactJson(await newPasswordIdentity(contractUsername(), 'abc'), 422, {
      code: 'password.rejected',
      data: [
        { code: 'password_rejected.too_short', interpolation: { min: 8 } },
        { code: 'password_rejected.restricted.sequence' },
      ],
      message: REJECTED,
    });
  });

  it('a sequential password: 422 password.rejected restricted.sequence', async () => {
    expectExactJson(await newPasswordIdentity(contractUsername(), '12345678'), 422, {
      code: 'password.rejected',
      data: [{ code: 'password_rejected.restricted.sequence' }],
      message: REJECTED,
    });
  });

  it('a password containing the username: 422 password.rejected restricted.user_info', async () => {
    const username = contractUsername();
    expectExactJson(await newPasswordIdentity(username, `${username}!X`), 422, {
      code: 'password.rejected',
      data: [{ code: 'password_rejected.restricted.user_info' }],
      message: REJECTED,
    });
  });

  it('an invalid username format: 400 guard.invalid_input', async () => {
    const response = await newPasswordIdentity('1bad-name', strongPassword());
    expectLogtoError(response, 400, { code: 'guard.invalid_input', message: 'The request body is invalid.' });
  });

  it('submit before identification: 404 session.identifier_not_found', async () => {
    expectExactJson(await interaction.experience('POST', '/submit'), 404, IDENTIFIER_NOT_FOUND);
  });
});

describe('without an interaction', () => {
  it('PUT /api/experience without the interaction cookie: 400 session.not_found', async () => {
    const response = await httpRequest(`${target.endpoint}/api/experience`, {
      method: 'PUT',
      json: { interactionEvent: 'SignIn' },
    });
    expectExactJson(response, 400, {
      code: 'session.not_found',
      message: 'Session not found. Please go back and sign in again.',
      error: 'invalid_request',
      error_description: 'interaction session not found',
    });
  });

  it('POST /api/experience/verification/password without the cookie: 400 session.not_found', async () => {
    const response = await httpRequest(`${target.endpoint}/api/experience/verification/password`, {
      method: 'POST',
      json: { identifier: { type: 'username', value: user.username }, password: user.password },
    });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ code: 'session.not_found' });
  });
});
