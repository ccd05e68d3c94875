import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { base32Decode, base32Encode, hotp, matchTotp, totpCode } from '../src/mfa/totp.js';
import {
  call,
  exchangeCode,
  expectStatus,
  finishAuthorization,
  startAuthorization,
  type StartedAuthorization,
  token,
  useInstance,
} from './helpers.js';

const PASSWORD = 'correct-horse-battery-9';
const SCOPE = 'openid offline_access profile urn:logto:scope:organizations urn:logto:scope:organization_roles';

const { server, api } = useInstance();

describe('TOTP (RFC 6238)', () => {
  // RFC 6238 appendix B, SHA-1: the ASCII key "12345678901234567890", 8 digits.
  const key = Buffer.from('12345678901234567890');
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('at %i s the code is %s', (seconds, expected) => {
    expect(hotp(key, Math.floor(seconds / 30), 8)).toBe(expected);
  });

  it('encodes base32 per RFC 4648 and accepts one step of drift, not two', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI')?.toString()).toBe('foobar');
    expect(base32Decode('not base32!')).toBeUndefined();
    const secret = base32Encode(key);
    const now = 1_700_000_000_000;
    expect(totpCode(secret, 59_000)).toBe('287082');
    expect(matchTotp(secret, totpCode(secret, now), now)).toBe(Math.floor(now / 30_000));
    expect(matchTotp(secret, totpCode(secret, now - 30_000), now)).toBe(Math.floor(now / 30_000) - 1);
    expect(matchTotp(secret, totpCode(secret, now + 30_000), now)).toBe(Math.floor(now / 30_000) + 1);
    expect(matchTotp(secret, totpCode(secret, now - 60_000), now)).toBeUndefined();
    expect(matchTotp(secret, 'abcdef', now)).toBeUndefined();
  });
});

async function createUser(): Promise<{ id: string; username: string }> {
  const username = `mfa_${randomBytes(5).toString('hex')}`;
  const created = expectStatus(await api().request<{ id: string }>('POST', '/api/users', { username, password: PASSWORD }), 200);
  return { id: created.body.id, username };
}

async function createOrganization(memberId: string, isMfaRequired: boolean): Promise<string> {
  const created = expectStatus(await api().request<{ id: string }>('POST', '/api/organizations', { name: 'MFA Org', isMfaRequired }), 201);
  expectStatus(await api().request('POST', `/api/organizations/${created.body.id}/users`, { userIds: [memberId] }), 201);
  return created.body.id;
}

/** Starts a sign-in and identifies the user by password; the caller submits. */
async function identify(username: string): Promise<StartedAuthorization> {
  const started = await startAuthorization(server().endpoint, { scope: SCOPE });
  const { jar } = started;
  expectStatus(await call(`${server().endpoint}/api/experience`, { method: 'PUT', jar, json: { interactionEvent: 'SignIn' } }), 204);
  const verification = expectStatus(
    await call<{ verificationId: string }>(`${server().endpoint}/api/experience/verification/password`, {
      method: 'POST',
      jar,
      json: { identifier: { type: 'username', value: username }, password: PASSWORD },
    }),
    200,
  );
  expectStatus(
    await call(`${server().endpoint}/api/experience/identification`, { method: 'POST', jar, json: { verificationId: verification.body.verificationId } }),
    204,
  );
  return started;
}

const experience = <T = Record<string, unknown>>(started: StartedAuthorization, path: string, json?: unknown) =>
  call<T>(`${server().endpoint}/api/experience${path}`, { method: 'POST', jar: started.jar, ...(json === undefined ? {} : { json }) });

async function finish(started: StartedAuthorization) {
  const submitted = expectStatus(await experience<{ redirectTo: string }>(started, '/submit'), 200);
  return exchangeCode(server().endpoint, await finishAuthorization(server().endpoint, started, submitted.body.redirectTo));
}

const organizationToken = (refreshToken: string | undefined, organizationId: string) =>
  token(server().endpoint, { grant_type: 'refresh_token', refresh_token: refreshToken ?? '', organization_id: organizationId });

/** A code for `secret` that is not `avoid` (codes of neighbouring steps are accepted too). */
function wrongCode(secret: string): string {
  const valid = new Set([-30_000, 0, 30_000].map((offset) => totpCode(secret, Date.now() + offset)));
  let code = '000000';
  for (let n = 0; valid.has(code); n += 1) code = String(n).padStart(6, '0');
  return code;
}

describe('TOTP in the Experience API', () => {
  it('a member of an MFA-required organization enrols TOTP at sign-in, then must verify it at the next sign-in', async () => {
    const user = await createUser();
    const organizationId = await createOrganization(user.id, true);

    const first = await identify(user.username);
    const missing = await experience(first, '/submit');
    expect(missing.status).toBe(422);
    expect(missing.body).toEqual({
      code: 'user.missing_mfa',
      message: 'You need to bind additional MFA before signing-in.',
      data: { availableFactors: ['Totp'] },
    });

    const secret = expectStatus(
      await experience<{ verificationId: string; secret: string; secretQrCode: string }>(first, '/verification/totp/secret', {}),
      200,
    ).body;
    expect(secret.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(secret.secretQrCode).toMatch(/^data:image\/png;base64,/);

    const wrong = await experience(first, '/verification/totp/verify', { verificationId: secret.verificationId, code: wrongCode(secret.secret) });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: 'session.mfa.invalid_totp_code' });
    // Not verified yet: binding is refused.
    expect((await experience(first, '/profile/mfa', { type: 'Totp', verificationId: secret.verificationId })).status).toBe(400);

    const right = await experience(first, '/verification/totp/verify', { verificationId: secret.verificationId, code: totpCode(secret.secret) });
    expect(right.status).toBe(200);
    expect(right.body).toEqual({ verificationId: secret.verificationId });
    expectStatus(await experience(first, '/profile/mfa', { type: 'Totp', verificationId: secret.verificationId }), 204);
    const tokens = await finish(first);
    expect((await organizationToken(tokens.refresh_token, organizationId)).status).toBe(200);

    const factors = expectStatus(await api().request<unknown[]>('GET', `/api/users/${user.id}/mfa-verifications`), 200).body;
    expect(factors).toEqual([{ id: expect.any(String), createdAt: expect.any(String), type: 'Totp' }]);

    const second = await identify(user.username);
    const required = await experience(second, '/submit');
    expect(required.status).toBe(403);
    expect(required.body).toEqual({
      code: 'session.mfa.require_mfa_verification',
      message: 'Mfa verification is required to sign in.',
      data: { availableFactors: ['Totp'], maskedIdentifiers: {} },
    });
    const wrongAgain = await experience(second, '/verification/totp/verify', { code: wrongCode(secret.secret) });
    expect(wrongAgain.body).toMatchObject({ code: 'session.mfa.invalid_totp_code' });
    const code = totpCode(secret.secret);
    expectStatus(await experience(second, '/verification/totp/verify', { code }), 200);
    // The same code twice is a replay.
    const third = await identify(user.username);
    expect((await experience(third, '/verification/totp/verify', { code })).body).toMatchObject({ code: 'session.mfa.invalid_totp_code' });
    await finish(second);
  });

  it('does not ask users outside MFA-required organizations, and refuses TOTP calls before identification', async () => {
    const user = await createUser();
    await createOrganization(user.id, false);
    const started = await identify(user.username);
    await finish(started);

    const fresh = await startAuthorization(server().endpoint, { scope: SCOPE });
    expectStatus(await call(`${server().endpoint}/api/experience`, { method: 'PUT', jar: fresh.jar, json: { interactionEvent: 'SignIn' } }), 204);
    expect((await experience(fresh, '/verification/totp/secret', {})).body).toMatchObject({ code: 'session.identifier_not_found' });
  });
});

describe('organization tokens and MFA set up later', () => {
  it('refuses the token until the user enrols on the account page, then issues it on the same refresh token', async () => {
    const user = await createUser();
    const organizationId = await createOrganization(user.id, false);
    const started = await identify(user.username);
    const tokens = await finish(started);
    expectStatus(await api().request('PATCH', `/api/organizations/${organizationId}`, { isMfaRequired: true }), 200);

    const refused = await organizationToken(tokens.refresh_token, organizationId);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      code: 'oidc.access_denied',
      error: 'access_denied',
      error_description: 'organization requires MFA but user has no MFA configured',
    });

    // The account page knows the user from the Logto session of the sign-in (same cookie jar).
    const page = await call(`${server().endpoint}/account/security`, { jar: started.jar });
    expect(page.text).toContain(user.username);
    expect(page.text).toContain('Two-step verification is off');
    expect((await call(`${server().endpoint}/account/api/totp-secret`, { method: 'POST', json: {} })).status).toBe(401);
    const secret = expectStatus(
      await call<{ secret: string }>(`${server().endpoint}/account/api/totp-secret`, { method: 'POST', jar: started.jar, json: {} }),
      200,
    ).body.secret;
    const wrong = await call(`${server().endpoint}/account/api/totp`, { method: 'POST', jar: started.jar, json: { secret, code: wrongCode(secret) } });
    expect(wrong.body).toMatchObject({ code: 'session.mfa.invalid_totp_code' });
    expect((await organizationToken(tokens.refresh_token, organizationId)).status).toBe(403);
    expectStatus(
      await call(`${server().endpoint}/account/api/totp`, { method: 'POST', jar: started.jar, json: { secret, code: totpCode(secret) } }),
      200,
    );

    // Logto checks the user's factors at every token request: no new sign-in needed.
    const issued = await organizationToken(tokens.refresh_token, organizationId);
    expect(issued.status).toBe(200);

    const [factor] = expectStatus(await api().request<{ id: string }[]>('GET', `/api/users/${user.id}/mfa-verifications`), 200).body;
    expectStatus(await api().request('DELETE', `/api/users/${user.id}/mfa-verifications/${factor?.id}`), 204);
    expect((await api().request('DELETE', `/api/users/${user.id}/mfa-verifications/${factor?.id}`)).status).toBe(404);
    expect((await organizationToken(tokens.refresh_token, organizationId)).status).toBe(403);
  });
});

describe('Management API: a user\'s MFA factors', () => {
  it('adds TOTP for a user once, with a given or a new secret, and lists it without the secret', async () => {
    const user = await createUser();
    expect(expectStatus(await api().request('GET', `/api/users/${user.id}/mfa-verifications`), 200).body).toEqual([]);
    expect((await api().request('POST', `/api/users/${user.id}/mfa-verifications`, { type: 'Totp', secret: 'short' })).body).toMatchObject({
      code: 'user.totp_secret_invalid',
    });
    const added = expectStatus(
      await api().request<{ type: string; secret: string; secretQrCode: string }>('POST', `/api/users/${user.id}/mfa-verifications`, { type: 'Totp' }),
      200,
    ).body;
    expect(added).toEqual({ type: 'Totp', secret: expect.stringMatching(/^[A-Z2-7]{32}$/), secretQrCode: expect.stringMatching(/^data:image\/png;base64,/) });
    expect((await api().request('POST', `/api/users/${user.id}/mfa-verifications`, { type: 'Totp' })).body).toMatchObject({
      code: 'user.totp_already_in_use',
    });
    const listed = expectStatus(await api().request<Record<string, unknown>[]>('GET', `/api/users/${user.id}/mfa-verifications`), 200).body;
    expect(listed).toEqual([{ id: expect.any(String), createdAt: expect.any(String), type: 'Totp' }]);
    expect((await api().request('GET', '/api/users/nobody/mfa-verifications')).status).toBe(404);
  });
});
