import { randomBytes, randomInt } from 'node:crypto';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A random lowercase alphanumeric string. */
export function randomId(length = 10): string {
  let result = '';
  for (let index = 0; index < length; index += 1) {
    result += LOWER_ALNUM.charAt(randomInt(LOWER_ALNUM.length));
  }
  return result;
}

/** Logto's ids are at most 21 characters (its id columns are `varchar(21)`). */
export const LOGTO_ID_MAX_LENGTH = 21;

/**
 * An id no Logto entity has, shaped like Logto's own (12 lowercase alphanumerics), so a request
 * with it reaches the lookup: Logto checks an id's length before it looks the entity up.
 */
export function missingId(): string {
  return randomId(12);
}

/** An id one character longer than Logto accepts. */
export function overlongId(): string {
  return randomId(LOGTO_ID_MAX_LENGTH + 1);
}

/** `contract-<random>`: the prefix of every fixture name the suite creates. */
export function contractName(suffix?: string): string {
  return suffix ? `contract-${randomId()}-${suffix}` : `contract-${randomId()}`;
}

/** A Logto username (letters, digits, underscore; starts with a letter). */
export function contractUsername(): string {
  return `contract_${randomId(12)}`;
}

export function contractEmail(): string {
  return `contract-${randomId(12)}@example.com`;
}

/**
 * A password that satisfies Logto's default policy: 8+ characters, mixed character types,
 * no repetition or sequence of three, nothing from the user's identifiers.
 */
export function strongPassword(): string {
  for (;;) {
    const candidate = `Pw-${randomBytes(12).toString('base64url')}-9x`;
    if (!hasRunOfThree(candidate)) {
      return candidate;
    }
  }
}

function hasRunOfThree(value: string): boolean {
  const lower = value.toLowerCase();
  for (let index = 0; index + 2 < lower.length; index += 1) {
    const a = lower.charCodeAt(index);
    const b = lower.charCodeAt(index + 1);
    const c = lower.charCodeAt(index + 2);
    if ((a === b && b === c) || (b - a === 1 && c - b === 1) || (a - b === 1 && b - c === 1)) {
      return true;
    }
  }
  return false;
}
