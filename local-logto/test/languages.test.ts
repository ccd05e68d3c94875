import { describe, expect, it } from 'vitest';

import { DEMO_PASSWORD, DEMO_USERS } from '../src/constants.js';
import { pickLocale } from '../src/pages/locale.js';
import { call, expectStatus, managementClient, startAuthorization, useServer } from './helpers.js';

const server = useServer();

describe('pickLocale', () => {
  it.each([
    [undefined, undefined, 'en'],
    ['de', undefined, 'de'],
    ['fr-CA de-AT en', undefined, 'de'],
    ['en', 'de-DE,de;q=0.9', 'en'],
    ['fr', 'de-DE,de;q=0.9', 'de'],
    [undefined, 'fr;q=0.9, de;q=0.5, en;q=0.1', 'de'],
    [undefined, 'de;q=0, en', 'en'],
    [undefined, 'ja', 'en'],
    [42, 'de', 'de'],
  ] as const)('ui_locales %j, Accept-Language %j -> %s', (uiLocales, acceptLanguage, expected) => {
    expect(pickLocale(uiLocales, acceptLanguage)).toBe(expected);
  });
});

async function signInPage(options: { uiLocales?: string; acceptLanguage?: string }) {
  const started = await startAuthorization(server().endpoint, { extra: options.uiLocales ? { ui_locales: options.uiLocales } : {} });
  return call(new URL(started.location, server().endpoint).toString(), {
    jar: started.jar,
    headers: options.acceptLanguage ? { 'accept-language': options.acceptLanguage } : {},
  });
}

describe('the sign-in page', () => {
  it('follows ui_locales of the authorization request', async () => {
    const page = await signInPage({ uiLocales: 'de', acceptLanguage: 'en-US' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="de">');
    expect(page.text).toContain('<label for="identifier">E-Mail-Adresse oder Benutzername</label>');
    expect(page.text).toContain('"passwordMissing":"Geben Sie Ihr Passwort ein."');
  });

  it('falls back to Accept-Language, then English', async () => {
    const german = await signInPage({ acceptLanguage: 'de-CH,de;q=0.9' });
    expect(german.text).toContain('<html lang="de">');
    const english = await signInPage({ acceptLanguage: 'ja' });
    expect(english.text).toContain('<html lang="en">');
    expect(english.text).toContain('<label for="identifier">Email or username</label>');
  });
});

describe('invitation e-mails', () => {
  it('are written in the payload’s uiLocales, else the caller’s Accept-Language', async () => {
    const api = await managementClient(server().endpoint);
    const organizationId = expectStatus(await api.request<{ id: string }>('POST', '/api/organizations', { name: 'Sprachen GmbH' }), 201).body.id;
    const invite = (invitee: string, messagePayload: Record<string, string>, headers: Record<string, string> = {}) =>
      api.request('POST', '/api/organization-invitations', { invitee, organizationId, expiresAt: Date.now() + 60_000, messagePayload }, headers);
    expectStatus(await invite('de-payload@example.com', { link: 'https://app.example/i/1', uiLocales: 'de' }, { 'accept-language': 'en' }), 201);
    expectStatus(await invite('de-header@example.com', { link: 'https://app.example/i/2' }, { 'accept-language': 'de-DE' }), 201);
    expectStatus(await invite('en-default@example.com', { link: 'https://app.example/i/3' }), 201);

    const outbox = (await call<{ to: string; subject: string }[]>(`${server().endpoint}/outbox.json`)).body;
    const subject = (to: string) => outbox.find((message) => message.to === to)?.subject;
    expect(subject('de-payload@example.com')).toBe('Sie sind eingeladen, Sprachen GmbH beizutreten');
    expect(subject('de-header@example.com')).toBe('Sie sind eingeladen, Sprachen GmbH beizutreten');
    expect(subject('en-default@example.com')).toBe('You are invited to join Sprachen GmbH');
  });
});

describe('the TOTP step', () => {
  it('is in the sign-in page’s language, its script messages too', async () => {
    const german = await signInPage({ uiLocales: 'de' });
    expect(german.text).toContain('<label for="totp-code">6-stelliger Code</label>');
    expect(german.text).toContain('<button id="totp-submit" type="submit">Bestätigen</button>');
    expect(german.text).toContain('"enrolHeading":"Zwei-Faktor-Authentifizierung einrichten"');
    expect(german.text).toContain('"codeWrong":"Dieser Code stimmt nicht oder ist abgelaufen.');
    expect(german.text).not.toContain('6-digit code');

    const english = await signInPage({ acceptLanguage: 'en' });
    expect(english.text).toContain('<label for="totp-code">6-digit code</label>');
    expect(english.text).toContain('"codeWrong":"That code is not right, or it has expired.');
  });

  it('is in the browser’s language on the account security page', async () => {
    const page = await call(`${server().endpoint}/account/security`, { headers: { 'accept-language': 'de-AT' } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="de">');
    expect(page.text).toContain('<h1>Sie sind nicht angemeldet</h1>');
  });
});

describe('the consent step', () => {
  it('continues in the language of the sign-in', async () => {
    const started = await startAuthorization(server().endpoint, { extra: { ui_locales: 'de' } });
    const { jar } = started;
    const endpoint = server().endpoint;
    expectStatus(await call(`${endpoint}/api/experience`, { method: 'PUT', jar, json: { interactionEvent: 'SignIn' } }), 204);
    const verification = expectStatus(
      await call<{ verificationId: string }>(`${endpoint}/api/experience/verification/password`, {
        method: 'POST',
        jar,
        json: { identifier: { type: 'email', value: DEMO_USERS[0]?.primaryEmail }, password: DEMO_PASSWORD },
      }),
      200,
    );
    expectStatus(await call(`${endpoint}/api/experience/identification`, { method: 'POST', jar, json: { verificationId: verification.body.verificationId } }), 204);
    let next = expectStatus(await call<{ redirectTo: string }>(`${endpoint}/api/experience/submit`, { method: 'POST', jar }), 200).body.redirectTo;
    for (let hop = 0; hop < 5 && !new URL(next, endpoint).pathname.startsWith('/consent'); hop += 1) {
      next = (await call(new URL(next, endpoint).href, { jar })).headers.get('location') ?? '';
    }
    expect(new URL(next, endpoint).pathname).toBe('/consent');

    const page = await call(new URL(next, endpoint).href, { jar, headers: { 'accept-language': 'en' } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="de">');
    expect(page.text).toContain('<h1>Es geht weiter…</h1>');
    expect(page.text).toContain('<button id="retry" type="button" hidden>Erneut versuchen</button>');
  });
});

describe('the home page and the outbox', () => {
  it('follow Accept-Language', async () => {
    const home = await call(`${server().endpoint}/`, { headers: { 'accept-language': 'de' } });
    expect(home.text).toContain('<html lang="de">');
    expect(home.text).toContain('<h1>Lokales Logto</h1>');
    expect(home.text).toContain('<th scope="row">Demobenutzer</th>');

    const outbox = await call(`${server().endpoint}/outbox`, { headers: { 'accept-language': 'de-DE,de;q=0.9' } });
    expect(outbox.text).toContain('<h1>Postausgang</h1>');
    expect(outbox.text).not.toContain('Outbox');

    const english = await call(`${server().endpoint}/outbox`, { headers: { 'accept-language': 'fr' } });
    expect(english.text).toContain('<h1>Outbox</h1>');
  });
});
