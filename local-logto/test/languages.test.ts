import { describe, expect, it } from 'vitest';

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
