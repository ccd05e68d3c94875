import { describe, expect, it } from 'vitest';

import { isValidLogtoSignature, signLogtoWebhookBody } from './signature';

const KEY = 'l32rUNMH69BWTD91c3nHX9eUrSuKopEp';
const PREVIOUS_KEY = 'previousSigningKeyFromBeforeRotation';
// A delivery recorded from Logto OSS 1.37, byte for byte, with its signature and the hook's key.
const body = new TextEncoder().encode(
  '{"event":"Organization.Membership.Updated","createdAt":"2026-11-28T11:02:07.461Z","userAgent":"python-requests/2.34.2","ip":"127.0.0.1","path":"/organizations/t9grvn100wws/users","method":"POST","status":201,"params":{"id":"t9grvn100wws"},"matchedRoute":"/organizations/:id/users","organizationId":"t9grvn100wws","hookId":"3a050k98bxyg1348ctvtx"}',
);
const signature = 'f0f3a028820ef19a6083bc878373a5f4514de6af14e0a52c65f396c4e076421f';

describe('signLogtoWebhookBody', () => {
  it('is the hex HMAC-SHA256 of the raw body, as Logto signs', () => {
    expect(signLogtoWebhookBody(body, KEY)).toBe(signature);
    expect(signLogtoWebhookBody(new TextDecoder().decode(body), KEY)).toBe(signature);
  });
});

describe('isValidLogtoSignature', () => {
  const cases: { name: string; body: Uint8Array; signature: string | null; keys: string[]; valid: boolean }[] = [
    { name: 'good signature', body, signature, keys: [KEY], valid: true },
    { name: 'good signature in upper case hex', body, signature: signature.toUpperCase(), keys: [KEY], valid: true },
    { name: 'missing signature', body, signature: null, keys: [KEY], valid: false },
    { name: 'empty signature', body, signature: '', keys: [KEY], valid: false },
    { name: 'bad signature (one hex digit changed)', body, signature: `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`, keys: [KEY], valid: false },
    { name: 'truncated signature', body, signature: signature.slice(0, 32), keys: [KEY], valid: false },
    { name: 'signature with extra characters', body, signature: `${signature}00`, keys: [KEY], valid: false },
    { name: 'not hex', body, signature: 'z'.repeat(64), keys: [KEY], valid: false },
    { name: 'signed with another key', body, signature: signLogtoWebhookBody(body, 'some-other-key'), keys: [KEY], valid: false },
    { name: 'signed with the previous key during a rotation', body, signature: signLogtoWebhookBody(body, PREVIOUS_KEY), keys: [KEY, PREVIOUS_KEY], valid: true },
    { name: 'signed with the new key during a rotation', body, signature, keys: [KEY, PREVIOUS_KEY], valid: true },
    { name: 'signed with the previous key after the rotation ended', body, signature: signLogtoWebhookBody(body, PREVIOUS_KEY), keys: [KEY], valid: false },
    { name: 'body changed by one byte', body: Uint8Array.from(body, (byte, index) => (index === 10 ? byte ^ 1 : byte)), signature, keys: [KEY], valid: false },
    { name: 'body with one byte more', body: Uint8Array.from([...body, 0x20]), signature, keys: [KEY], valid: false },
    { name: 'no signing key configured', body, signature, keys: [], valid: false },
  ];

  it.each(cases)('$name: $valid', ({ body: given, signature: header, keys, valid }) => {
    expect(isValidLogtoSignature(given, header, keys)).toBe(valid);
  });
});
