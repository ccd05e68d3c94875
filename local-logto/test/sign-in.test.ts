import { describe, expect, it } from 'vitest';

import { DEMO_PASSWORD, WEB_APP_ID } from '../src/constants.js';
import { createLocalLogtoInstance } from '../src/instance.js';
import {
  call,
  decodeProtectedHeader,
  exchangeCode,
  expectStatus,
  finishAuthorization,
  signIn,
  startAuthorization,
  verifyJwt,
  useServer,
} from './helpers.js';

const server = useServer();

describe('sign-in through the Experience API', () => {
  it('signs a demo user in with authorization code + PKCE and issues Logto-shaped ID tokens', async () => {
    const result = await signIn(server().endpoint, { type: 'email', value: 'alice@example.com' }, DEMO_PASSWORD, {
      scope: 'openid offline_access profile email',
    });
    expect(result.callback.origin + result.callback.pathname).toBe('http://localhost:3000/callback');
    expect(result.callback.searchParams.get('iss')).toBe(`${server().endpoint}/oidc`);

    const tokens = await exchangeCode(server().endpoint, result);
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.scope).toBe('openid offline_access profile email');

    const idToken = tokens.id_token ?? '';
    expect(decodeProtectedHeader(idToken)).toMatchObject({ alg: 'ES384', typ: 'JWT' });
    const claims = await verifyJwt(server().endpoint, idToken, WEB_APP_ID);
    expect(claims).toMatchObject({
      iss: `${server().endpoint}/oidc`,
      aud: WEB_APP_ID,
      name: 'Alice Example',
      username: 'alice',
      picture: null,
      email: 'alice@example.com',
      email_verified: true,
    });
    expect(typeof claims.sub).toBe('string');
    expect(claims.created_at).toBeGreaterThan(1_600_000_000_000);
    expect(claims.updated_at).toBeGreaterThanOrEqual(Number(claims.created_at));

    const userinfo = await call(`${server().endpoint}/oidc/me`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(userinfo.status).toBe(200);
    expect(userinfo.body).toMatchObject({ sub: claims.sub, username: 'alice', email: 'alice@example.com' });
  });

  it('signs in by username and answers the same error for a wrong password and an unknown user', async () => {
    const started = await startAuthorization(server().endpoint);
    expect(started.location).toBe(`/sign-in?app_id=${WEB_APP_ID}`);
    const { jar } = started;
    await call(`${server().endpoint}/api/experience`, { method: 'PUT', jar, json: { interactionEvent: 'SignIn' } });

    const wrongPassword = await call(`${server().endpoint}/api/experience/verification/password`, {
      method: 'POST',
      jar,
      json: { identifier: { type: 'username', value: 'bob' }, password: 'not-the-password' },
    });
    const unknownUser = await call(`${server().endpoint}/api/experience/verification/password`, {
      method: 'POST',
      jar,
      json: { identifier: { type: 'username', value: 'nobody' }, password: 'whatever-password' },
    });
    const expected = {
      code: 'session.invalid_credentials',
      message: 'Incorrect account or password. Please check your input.',
    };
    expect(wrongPassword).toMatchObject({ status: 422, body: expected });
    expect(unknownUser).toMatchObject({ status: 422, body: expected });

    const submitEarly = await call(`${server().endpoint}/api/experience/submit`, { method: 'POST', jar });
    expect(submitEarly).toMatchObject({ status: 404, body: { code: 'session.identifier_not_found' } });

    const unknownVerification = await call(`${server().endpoint}/api/experience/identification`, {
      method: 'POST',
      jar,
      json: { verificationId: 'no-such-verification' },
    });
    expect(unknownVerification).toMatchObject({ status: 404, body: { code: 'session.verification_session_not_found' } });

    const verification = await call<{ verificationId: string }>(`${server().endpoint}/api/experience/verification/password`, {
      method: 'POST',
      jar,
      json: { identifier: { type: 'username', value: 'BOB' }, password: DEMO_PASSWORD },
    });
    expect(verification.status).toBe(200);
    expectStatus(
      await call(`${server().endpoint}/api/experience/identification`, {
        method: 'POST',
        jar,
        json: { verificationId: verification.body.verificationId },
      }),
      204,
    );
    const submitted = await call<{ redirectTo: string }>(`${server().endpoint}/api/experience/submit`, { method: 'POST', jar });
    expect(submitted.status).toBe(200);
    expect(submitted.body.redirectTo).toMatch(/\/oidc\/auth\/[\w-]+$/);
    const result = await finishAuthorization(server().endpoint, started, submitted.body.redirectTo);
    const tokens = await exchangeCode(server().endpoint, result);
    expect(await verifyJwt(server().endpoint, tokens.id_token ?? '', WEB_APP_ID)).toMatchObject({ username: 'bob' });
  });

  it('answers session.not_found without an interaction cookie', async () => {
    const response = await call(`${server().endpoint}/api/experience`, { method: 'PUT', json: { interactionEvent: 'SignIn' } });
    expect(response).toMatchObject({
      status: 400,
      body: {
        code: 'session.not_found',
        error: 'invalid_request',
        error_description: 'interaction session not found',
      },
    });
  });

  it('registers a new user, who gets the default role, and rejects taken identifiers and weak passwords', async () => {
    const started = await startAuthorization(server().endpoint, { extra: { first_screen: 'register' } });
    expect(started.location).toBe(`/register?app_id=${WEB_APP_ID}`);
    const { jar } = started;
    expectStatus(await call(`${server().endpoint}/api/experience`, { method: 'PUT', jar, json: { interactionEvent: 'Register' } }), 204);

    const newIdentity = (identifier: { type: string; value: string }, password: string) =>
      call<{ verificationId: string; code?: string; data?: unknown }>(
        `${server().endpoint}/api/experience/verification/new-password-identity`,
        { method: 'POST', jar, json: { identifier, password } },
      );

    expect(await newIdentity({ type: 'username', value: 'alice' }, 'Some-Good-Pw-42!')).toMatchObject({
      status: 422,
      body: { code: 'user.username_already_in_use' },
    });
    expect(await newIdentity({ type: 'email', value: 'Carol@Example.com' }, 'Some-Good-Pw-42!')).toMatchObject({
      status: 422,
      body: { code: 'user.email_already_in_use' },
    });
    const short = await newIdentity({ type: 'username', value: 'dora' }, 'abc');
    expect(short.status).toBe(422);
    expect(short.body.code).toBe('password.rejected');
    expect(short.body.data).toContainEqual({ code: 'password_rejected.too_short', interpolation: { min: 8 } });
    expect(await newIdentity({ type: 'username', value: '1bad-name' }, 'Some-Good-Pw-42!')).toMatchObject({
      status: 400,
      body: { code: 'guard.invalid_input' },
    });

    const verification = expectStatus(await newIdentity({ type: 'email', value: 'dora@example.com' }, 'correct horse battery'), 200);
    const identified = await call(`${server().endpoint}/api/experience/identification`, {
      method: 'POST',
      jar,
      json: { verificationId: verification.body.verificationId },
    });
    expect(identified).toMatchObject({ status: 201, text: 'Created' });
    const submitted = expectStatus(
      await call<{ redirectTo: string }>(`${server().endpoint}/api/experience/submit`, { method: 'POST', jar }),
      200,
    );
    const result = await finishAuthorization(server().endpoint, started, submitted.body.redirectTo);
    const tokens = await exchangeCode(server().endpoint, result);
    const userinfo = await call(`${server().endpoint}/oidc/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(userinfo.body).toMatchObject({ username: null, name: null });

    // The new account signs in with its e-mail, case-insensitively.
    const again = await signIn(server().endpoint, { type: 'email', value: 'DORA@example.com' }, 'correct horse battery', {
      scope: 'openid offline_access profile roles',
    });
    const rolesTokens = await exchangeCode(server().endpoint, again);
    const claims = await verifyJwt(server().endpoint, rolesTokens.id_token ?? '', WEB_APP_ID);
    expect(claims.roles).toEqual(['user']);
  });

  it('serves sign-in pages that say they are a local development server and prefill login_hint', async () => {
    const started = await startAuthorization(server().endpoint, { extra: { login_hint: 'carol@example.com' } });
    const page = await call(new URL(started.location, server().endpoint).href, { jar: started.jar });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('Local development server');
    expect(page.text).toContain('value="carol@example.com"');
    expect(page.text).toMatch(/<label for="identifier">/);

    const legacy = await startAuthorization(server().endpoint, { extra: { interaction_mode: 'signUp' } });
    expect(legacy.location).toBe(`/register?app_id=${WEB_APP_ID}`);
    const register = await call(new URL(legacy.location, server().endpoint).href, { jar: legacy.jar });
    expect(register.text).toContain('Create account');

    const orphan = await call(`${server().endpoint}/sign-in`);
    expect(orphan.status).toBe(400);
    expect(orphan.text).toContain('No sign-in in progress');
    expect(orphan.text).not.toContain('Back to the app');
  });

  it('leads back to the app from a sign-in page reached without a sign-in, when it knows the app', async () => {
    const withApp = await createLocalLogtoInstance({ port: 0, quiet: true, appUrl: 'http://localhost:4000' });
    try {
      const orphan = await call(`${withApp.endpoint}/sign-in`, { headers: { 'accept-language': 'de' } });
      expect(orphan.status).toBe(400);
      expect(orphan.text).toContain('Keine Anmeldung im Gange');
      expect(orphan.text).toContain('<a href="http://localhost:4000">Zurück zur App</a>');
    } finally {
      await withApp.stop();
    }
  });

  it('also answers on 127.0.0.1 with the same localhost issuer', async () => {
    const ipv4 = server().endpoint.replace('localhost', '127.0.0.1');
    const discovery = await call(`${ipv4}/oidc/.well-known/openid-configuration`);
    expect(discovery.body.issuer).toBe(`${server().endpoint}/oidc`);
    const result = await signIn(ipv4, { type: 'username', value: 'carol' }, DEMO_PASSWORD);
    expect(result.callback.searchParams.get('iss')).toBe(`${server().endpoint}/oidc`);
  });

  it('ends the session at /oidc/session/end without a confirmation screen', async () => {
    const result = await signIn(server().endpoint, { type: 'username', value: 'alice' }, DEMO_PASSWORD);
    const tokens = await exchangeCode(server().endpoint, result);
    const params = new URLSearchParams({
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: 'http://localhost:3000/',
    });
    const page = await call(`${server().endpoint}/oidc/session/end?${params.toString()}`, { jar: result.jar });
    expect(page.status).toBe(200);
    expect(page.text).toContain("document.getElementById('op.logoutForm').submit()");
    const action = /action="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const confirmed = await call(new URL(action, server().endpoint).href, {
      method: 'POST',
      jar: result.jar,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe('http://localhost:3000/');

    // The session is gone: a new authorization asks for sign-in again.
    const next = await call(
      `${server().endpoint}/oidc/auth?${new URLSearchParams({
        client_id: WEB_APP_ID,
        redirect_uri: 'http://localhost:3000/callback',
        response_type: 'code',
        scope: 'openid',
        code_challenge: 'x'.repeat(43),
        code_challenge_method: 'S256',
      }).toString()}`,
      { jar: result.jar },
    );
    expect(next.headers.get('location')).toBe(`/sign-in?app_id=${WEB_APP_ID}`);
  });
});
