import 'server-only';

import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header Logto signs every webhook delivery with. */
export const LOGTO_SIGNATURE_HEADER = 'logto-signature-sha-256';

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/** Logto's signature of a body: the hex HMAC-SHA256 of the raw bytes with the hook's signing key. */
export function signLogtoWebhookBody(rawBody: Uint8Array | string, signingKey: string): string {
  return createHmac('sha256', signingKey).update(rawBody).digest('hex');
}

/**
 * True when `signature` is the body's signature with one of `signingKeys` (the current key and,
 * during a rotation, the previous one). Checked on the raw bytes, before any parsing, and
 * compared in constant time; a missing, truncated or non-hex signature is simply false.
 */
export function isValidLogtoSignature(rawBody: Uint8Array, signature: string | null, signingKeys: readonly string[]): boolean {
  if (!signature || !HEX_SHA256.test(signature)) return false;
  const given = Buffer.from(signature.toLowerCase(), 'hex');
  let valid = false;
  // Every key is tried (no early return), so the time taken does not say which key matched.
  for (const key of signingKeys) {
    const expected = Buffer.from(signLogtoWebhookBody(rawBody, key), 'hex');
    if (timingSafeEqual(expected, given)) valid = true;
  }
  return valid;
}
