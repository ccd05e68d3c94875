import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Logto-style ids: lowercase alphanumeric, unbiased (randomInt, not a modulo of bytes). */
export function generateId(length: number): string {
  let id = '';
  for (let index = 0; index < length; index += 1) {
    id += ALPHABET[randomInt(ALPHABET.length)];
  }
  return id;
}

/** Users and organizations have 12-character ids in Logto. */
export const shortId = (): string => generateId(12);

/** Roles, scopes, resources, invitations and applications have 21-character ids. */
export const longId = (): string => generateId(21);
