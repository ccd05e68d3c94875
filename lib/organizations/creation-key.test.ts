import { describe, expect, it } from 'vitest';

import { createOrganizationSchema, STALE_CREATION_MS } from './create-organization';
import { CREATION_REPLAY_WINDOW_MS, creationFingerprint, creationKeyFor, parseRememberedCreation, randomUuid } from './creation-key';

describe('creationKeyFor', () => {
  const fresh = () => 'new-key';
  const acme = creationFingerprint('Acme', '');
  const remembered = { key: 'first-key', fingerprint: acme, sentAt: 1_000 };

  it('takes a fresh key when nothing is remembered', () => {
    expect(creationKeyFor(null, acme, 5_000, fresh)).toEqual({ key: 'new-key', fingerprint: acme, sentAt: 5_000 });
  });

  it('reuses the remembered key for the same content within the window, keeping its first time', () => {
    expect(creationKeyFor(remembered, creationFingerprint(' Acme ', ' '), 1_000 + CREATION_REPLAY_WINDOW_MS - 1, fresh)).toBe(remembered);
  });

  it('takes a fresh key for other content', () => {
    expect(creationKeyFor(remembered, creationFingerprint('Acme', 'a description'), 2_000, fresh).key).toBe('new-key');
    expect(creationKeyFor(remembered, creationFingerprint('Beta', ''), 2_000, fresh).key).toBe('new-key');
  });

  it('takes a fresh key once the window has passed, or when the clock went back', () => {
    expect(creationKeyFor(remembered, acme, 1_000 + CREATION_REPLAY_WINDOW_MS, fresh).key).toBe('new-key');
    expect(creationKeyFor(remembered, acme, 999, fresh).key).toBe('new-key');
  });
});

describe('parseRememberedCreation', () => {
  it('reads what the form wrote', () => {
    const value = { key: 'k', fingerprint: '["Acme",""]', sentAt: 3 };
    expect(parseRememberedCreation(JSON.stringify(value))).toEqual(value);
  });

  it.each([null, '', 'not json', '42', 'null', '{"key":1,"fingerprint":"f","sentAt":3}', '{"key":"k","fingerprint":"f"}'])('ignores %j', (raw) => {
    expect(parseRememberedCreation(raw)).toBeNull();
  });
});

describe('the replay window', () => {
  it('outlasts a pending claim on the server, so a late retry takes a dead claim over', () => {
    expect(CREATION_REPLAY_WINDOW_MS).toBeGreaterThan(STALE_CREATION_MS);
  });
});

describe('randomUuid', () => {
  it('makes keys the create action accepts, with or without crypto.randomUUID', () => {
    const idempotencyKey = (key: string) => createOrganizationSchema.safeParse({ name: 'Acme', idempotencyKey: key }).success;
    expect(idempotencyKey(randomUuid())).toBe(true);
    const original = crypto.randomUUID;
    try {
      Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
      const keys = new Set(Array.from({ length: 50 }, () => randomUuid()));
      expect(keys.size).toBe(50);
      for (const key of keys) {
        expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(idempotencyKey(key)).toBe(true);
      }
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: original, configurable: true });
    }
  });
});
