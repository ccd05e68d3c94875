import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// TOTP as RFC 6238 defines it with the parameters every authenticator app and Logto use:
// HMAC-SHA-1 over the 30-second time step (RFC 4226's HOTP), 6 digits, base32 secrets of
// 20 random bytes. Like Logto (otplib with `window: 1`), a code of the previous or next time
// step is accepted too, for clock drift and the seconds it takes to type.

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
const WINDOW = 1;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32, upper case, without padding. */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let output = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) {
    output += BASE32[(value << (5 - bits)) & 31];
  }
  return output;
}

/** Decodes base32 (case-insensitive, padding and spaces ignored); undefined when it is not base32. */
export function base32Decode(text: string): Buffer | undefined {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index === -1) {
      return undefined;
    }
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** A new secret: 20 random bytes (160 bits, RFC 4226's recommendation), as 32 base32 characters. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** Logto's rule for secrets it accepts from a client: 16 to 32 base32 characters. */
export function isValidTotpSecret(secret: string): boolean {
  return /^[A-Z2-7]{16,32}$/.test(secret);
}

/** RFC 4226 HOTP with a raw key. */
export function hotp(key: Uint8Array, counter: number, digits = TOTP_DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const hmac = createHmac('sha1', key).update(message).digest();
  const offset = (hmac[hmac.length - 1] ?? 0) & 0xf;
  const binary = hmac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export function timeStepAt(epochMs: number): number {
  return Math.floor(epochMs / 1000 / TOTP_STEP_SECONDS);
}

/** The code an authenticator app shows for `secret` (base32) at `epochMs`. */
export function totpCode(secret: string, epochMs: number = Date.now()): string {
  const key = base32Decode(secret);
  if (!key) {
    throw new TypeError('the TOTP secret is not base32');
  }
  return hotp(key, timeStepAt(epochMs));
}

/**
 * The time step whose code `code` is, within one step of `epochMs`; undefined when it is none
 * of them. Callers that remember the last used step refuse a replay of the same code.
 */
export function matchTotp(secret: string, code: string, epochMs: number = Date.now()): number | undefined {
  const key = base32Decode(secret);
  if (!key || !new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(code)) {
    return undefined;
  }
  const current = timeStepAt(epochMs);
  for (let delta = -WINDOW; delta <= WINDOW; delta += 1) {
    const expected = Buffer.from(hotp(key, current + delta));
    if (timingSafeEqual(expected, Buffer.from(code))) {
      return current + delta;
    }
  }
  return undefined;
}

/** The otpauth:// URI authenticator apps read from a QR code (Google Authenticator's key URI format). */
export function totpKeyUri(secret: string, accountName: string, issuer: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(accountName)}`;
  const params = new URLSearchParams({ secret, issuer, algorithm: 'SHA1', digits: String(TOTP_DIGITS), period: String(TOTP_STEP_SECONDS) });
  return `otpauth://totp/${label}?${params.toString()}`;
}
