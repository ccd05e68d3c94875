import { randomBytes } from 'node:crypto';

import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

import type { Queryable } from '../db/database.js';
import { readSetting, writeSetting } from '../store/settings.js';

const SIGNING_KEY = 'oidc.signing_key';
const COOKIE_KEYS = 'oidc.cookie_keys';

export interface SigningKey {
  privateJwk: JWK;
  publicJwk: JWK;
}

/**
 * One EC P-384 key, as a Logto tenant has: generated on first start and kept
 * in the database so tokens stay valid across restarts.
 */
export async function loadSigningKey(db: Queryable): Promise<SigningKey> {
  let privateJwk = await readSetting<JWK>(db, SIGNING_KEY);
  if (!privateJwk) {
    const { privateKey } = await generateKeyPair('ES384', { extractable: true });
    const exported = await exportJWK(privateKey);
    privateJwk = { ...exported, kid: await calculateJwkThumbprint(exported), alg: 'ES384', use: 'sig' };
    await writeSetting(db, SIGNING_KEY, privateJwk);
  }
  const publicJwk: JWK = {
    kty: privateJwk.kty,
    crv: privateJwk.crv,
    x: privateJwk.x,
    y: privateJwk.y,
    kid: privateJwk.kid,
    alg: privateJwk.alg,
    use: privateJwk.use,
  };
  return { privateJwk, publicJwk };
}

/** Keys that sign the session and interaction cookies; persisted so sessions survive restarts. */
export async function loadCookieKeys(db: Queryable): Promise<string[]> {
  let keys = await readSetting<string[]>(db, COOKIE_KEYS);
  if (!keys || keys.length === 0) {
    keys = [randomBytes(32).toString('base64url')];
    await writeSetting(db, COOKIE_KEYS, keys);
  }
  return keys;
}
