import { describe, expect, it } from 'vitest';

import { negotiateLocale, resolveLocale } from './locales';

describe('negotiateLocale', () => {
  it.each([
    [null, null],
    ['', null],
    ['de', 'de'],
    ['de-DE', 'de'],
    ['DE-at', 'de'],
    ['en-US,en;q=0.9', 'en'],
    ['fr-FR, fr;q=0.9, de;q=0.8, en;q=0.7', 'de'],
    ['fr-FR, fr;q=0.9, en;q=0.7, de;q=0.8', 'de'],
    ['en;q=0.5, de;q=0.6', 'de'],
    ['de;q=0.5, en;q=0.5', 'de'],
    ['de;q=0, en', 'en'],
    ['de;q=0', null],
    ['fr, it', null],
    ['fr, *;q=0.1', 'en'],
    ['*', 'en'],
    ['deu, de-CH', 'de'],
    ['de;q=abc, en;q=0.1', 'en'],
    ['de;q=2, en;q=0.1', 'en'],
    [' de-CH ; q=0.8 , en ; q=0.4', 'de'],
  ] as const)('%j -> %s', (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });
});

describe('resolveLocale', () => {
  it('prefers the remembered choice over Accept-Language', () => {
    expect(resolveLocale({ cookie: 'en', acceptLanguage: 'de-DE,de;q=0.9' })).toBe('en');
    expect(resolveLocale({ cookie: 'de', acceptLanguage: 'en-US' })).toBe('de');
  });

  it('ignores a cookie that names no locale of ours', () => {
    expect(resolveLocale({ cookie: 'fr', acceptLanguage: 'de' })).toBe('de');
    expect(resolveLocale({ cookie: 'DE', acceptLanguage: null })).toBe('en');
    expect(resolveLocale({ cookie: '', acceptLanguage: 'de' })).toBe('de');
  });

  it('falls back to English', () => {
    expect(resolveLocale({ cookie: undefined, acceptLanguage: undefined })).toBe('en');
    expect(resolveLocale({ cookie: null, acceptLanguage: 'ja, zh;q=0.8' })).toBe('en');
  });
});
