import 'server-only';

import type { BearerChallenge } from './rfc6750';

// Bearer token extraction per RFC 6750. Only the Authorization header method (section 2.1) is
// supported: tokens in URLs end up in logs, history and Referer headers, and tokens in form
// bodies invite CSRF-style misuse, so both are refused loudly instead of ignored.

export type BearerTokenResult =
  | { readonly ok: true; readonly token: string }
  | { readonly ok: false; readonly challenge: BearerChallenge };

/** Past this size a form body is not inspected for `access_token` (see formBodyHasAccessToken). */
export const FORM_BODY_INSPECTION_LIMIT_BYTES = 64 * 1024;

// RFC 7235 section 2.1: auth-scheme = token; credentials = token68.
const AUTHORIZATION_PATTERN = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?: +(.*))?$/s;
const TOKEN68_PATTERN = /^[A-Za-z0-9\-._~+/]+=*$/;
// Fetch joins repeated header fields with ", ". A comma cannot occur in a token68, so a
// comma followed by another Bearer credential means the client sent more than one.
const SECOND_BEARER_PATTERN = /,\s*bearer(?:\s|,|$)/i;

const MISSING: BearerTokenResult = { ok: false, challenge: {} };

/**
 * Reads the bearer token of a request. `ok: false` carries the challenge to answer with:
 * no error code when the request had no bearer credentials (401), invalid_request (400) when
 * it was malformed or used another transmission method.
 */
export async function extractBearerToken(request: Request): Promise<BearerTokenResult> {
  if (queryHasAccessToken(request.url)) {
    return invalidRequest(
      'Send the access token in the Authorization header, not in the URL',
      'access_token in the query string',
    );
  }
  if (await formBodyHasAccessToken(request)) {
    return invalidRequest(
      'Send the access token in the Authorization header, not in the request body',
      'access_token in a form-encoded body',
    );
  }
  return parseBearerAuthorization(request.headers.get('authorization'));
}

/** The header part of extractBearerToken, for callers that only have a header value. */
export function parseBearerAuthorization(header: string | null): BearerTokenResult {
  if (header === null) return MISSING;
  // Fetch already strips leading and trailing whitespace; do it again for raw header values.
  const value = header.trim();
  if (value === '') {
    return invalidRequest('The Authorization header is empty', 'empty Authorization header');
  }

  const isBearer = /^bearer(?:\s|$)/i.test(value);
  if (SECOND_BEARER_PATTERN.test(value) || (isBearer && value.includes(', '))) {
    return invalidRequest(
      'Send exactly one Authorization header',
      'more than one Authorization credential',
    );
  }

  const match = AUTHORIZATION_PATTERN.exec(value);
  if (match === null) {
    return invalidRequest('The Authorization header is malformed', 'unparsable Authorization header');
  }
  const [, scheme = '', credentials] = match;
  if (scheme.toLowerCase() !== 'bearer') {
    // Another scheme is not bearer credentials at all: answer like a request without any, so
    // the client learns from the challenge which scheme this resource wants.
    return {
      ok: false,
      challenge: { reason: `unsupported Authorization scheme ${scheme.slice(0, 20)}` },
    };
  }
  if (credentials === undefined || credentials === '') {
    return invalidRequest('The bearer token is empty', 'Bearer scheme without a token');
  }
  if (!TOKEN68_PATTERN.test(credentials)) {
    return invalidRequest('The bearer token is malformed', 'bearer token is not token68');
  }
  return { ok: true, token: credentials };
}

function invalidRequest(description: string, reason: string): BearerTokenResult {
  return { ok: false, challenge: { error: 'invalid_request', description, reason } };
}

function queryHasAccessToken(url: string): boolean {
  if (!URL.canParse(url)) return false;
  return new URL(url).searchParams.has('access_token');
}

/**
 * RFC 6750 section 2.2: a form-encoded body with `access_token`. Reads a clone, so the handler
 * can still read the body. A body past the limit is left alone: the token in it would be
 * ignored anyway (only the header is ever used), and buffering an unbounded body before
 * authentication would be a cheap way to exhaust memory.
 */
async function formBodyHasAccessToken(request: Request): Promise<boolean> {
  if (request.body === null || request.bodyUsed) return false;
  const mediaType = request.headers.get('content-type')?.split(';', 1)[0]?.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') return false;

  const reader = request.clone().body?.getReader();
  if (reader === undefined) return false;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > FORM_BODY_INSPECTION_LIMIT_BYTES) {
      // Not awaited: a tee branch's cancel settles only once the other branch (the one the
      // handler reads) is done too. Cancelling stops the tee buffering data for this copy.
      reader.cancel().catch(() => undefined);
      return false;
    }
    chunks.push(value);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8')).has('access_token');
}
