import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { DEFAULT_VERIFIED_TOKEN_CACHE_SIZE, tokenCacheKey, VerifiedTokenCache } from './verified-token-cache';

describe('VerifiedTokenCache', () => {
  it('returns a value until its eviction time', () => {
    const cache = new VerifiedTokenCache<string>();
    cache.set('token-a', 'claims-a', 1_000);
    expect(cache.get('token-a', 999)).toBe('claims-a');
    expect(cache.get('token-a', 1_000)).toBeUndefined();
    expect(cache.size).toBe(0); // a dead entry is dropped on lookup
  });

  it('misses on a token that differs in one character', () => {
    const cache = new VerifiedTokenCache<string>();
    cache.set('header.payload.signature', 'claims', 1_000);
    expect(cache.get('header.payload.signaturf', 0)).toBeUndefined();
  });

  it('evicts the least recently used entry at the bound', () => {
    const cache = new VerifiedTokenCache<string>({ maxEntries: 2 });
    cache.set('a', 'A', 1_000);
    cache.set('b', 'B', 1_000);
    expect(cache.get('a', 0)).toBe('A'); // a is now the most recently used
    cache.set('c', 'C', 1_000);
    expect(cache.size).toBe(2);
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('a', 0)).toBe('A');
    expect(cache.get('c', 0)).toBe('C');
  });

  it('replaces an entry set twice without growing', () => {
    const cache = new VerifiedTokenCache<string>({ maxEntries: 2 });
    cache.set('a', 'A1', 1_000);
    cache.set('a', 'A2', 1_000);
    expect(cache.size).toBe(1);
    expect(cache.get('a', 0)).toBe('A2');
  });

  it('deletes and clears', () => {
    const cache = new VerifiedTokenCache<string>();
    cache.set('a', 'A', 1_000);
    cache.set('b', 'B', 1_000);
    expect(cache.delete('a')).toBe(true);
    expect(cache.get('a', 0)).toBeUndefined();
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('defaults to 10,000 entries and stays at the bound', () => {
    const cache = new VerifiedTokenCache<number>();
    expect(cache.maxEntries).toBe(DEFAULT_VERIFIED_TOKEN_CACHE_SIZE);
    expect(DEFAULT_VERIFIED_TOKEN_CACHE_SIZE).toBe(10_000);
    for (let index = 0; index < 10_050; index += 1) cache.set(`token-${index}`, index, 1_000);
    expect(cache.size).toBe(10_000);
    expect(cache.get('token-49', 0)).toBeUndefined();
    expect(cache.get('token-50', 0)).toBe(50);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses maxEntries %s', (maxEntries) => {
    expect(() => new VerifiedTokenCache({ maxEntries })).toThrow(RangeError);
  });

  it('keys by SHA-256 of the whole token, never the token itself', () => {
    const token = 'eyJhbGciOiJFUzM4NCJ9.eyJzdWIiOiJ4In0.c2ln';
    expect(tokenCacheKey(token)).toBe(createHash('sha256').update(token).digest('base64url'));
    expect(tokenCacheKey(token)).not.toContain('eyJ');
  });
});
