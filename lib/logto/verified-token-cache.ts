import 'server-only';

import { createHash } from 'node:crypto';

export const DEFAULT_VERIFIED_TOKEN_CACHE_SIZE = 10_000;

export interface VerifiedTokenCacheOptions {
  /** Upper bound on entries; the least recently used entry goes first. */
  maxEntries?: number;
}

interface Entry<V> {
  readonly value: V;
  /** Epoch seconds after which the entry is dead, whatever the caller re-checks. */
  readonly evictAt: number;
}

/**
 * A bounded map from a token to what verifying it proved, so a repeated token costs a hash
 * instead of a signature check. Only put values here after full verification succeeded;
 * callers still re-check expiry, audience and scopes on every hit.
 *
 * Keys are SHA-256 digests of the whole token (signature included): the cache never holds a
 * usable bearer token, and a token that differs in any byte, even only its signature, misses.
 */
export class VerifiedTokenCache<V> {
  readonly maxEntries: number;
  // A Map iterates in insertion order; re-inserting on every hit makes the first key the
  // least recently used one.
  readonly #entries = new Map<string, Entry<V>>();

  constructor({ maxEntries = DEFAULT_VERIFIED_TOKEN_CACHE_SIZE }: VerifiedTokenCacheOptions = {}) {
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError('maxEntries must be a positive integer');
    }
    this.maxEntries = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(token: string, nowSeconds: number): V | undefined {
    const key = tokenCacheKey(token);
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (nowSeconds >= entry.evictAt) return undefined;
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** `evictAt` is in epoch seconds: the token's exp (plus any clock tolerance the caller allows). */
  set(token: string, value: V, evictAt: number): void {
    const key = tokenCacheKey(token);
    this.#entries.delete(key);
    while (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, evictAt });
  }

  delete(token: string): boolean {
    return this.#entries.delete(tokenCacheKey(token));
  }

  clear(): void {
    this.#entries.clear();
  }
}

export function tokenCacheKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
