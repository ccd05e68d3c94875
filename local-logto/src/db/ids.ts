import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const MIXED_CASE_ALPHABET = `${ALPHABET}ABCDEFGHIJKLMNOPQRSTUVWXYZ`;

/** Logto-style ids: lowercase alphanumeric, unbiased (randomInt, not a modulo of bytes). */
export function generateId(length: number, alphabet = ALPHABET): string {
  let id = '';
  for (let index = 0; index < length; index += 1) {
    id += alphabet[randomInt(alphabet.length)];
  }
  return id;
}

/** Users and organizations have 12-character ids in Logto. */
export const shortId = (): string => generateId(12);

/** Roles, scopes, resources, invitations and applications have 21-character ids. */
export const longId = (): string => generateId(21);

/** Logto's generated secrets (hook signing keys): 32 mixed-case alphanumeric characters. */
export const standardSecret = (): string => generateId(32, MIXED_CASE_ALPHABET);
