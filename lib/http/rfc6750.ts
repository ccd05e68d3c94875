import 'server-only';

// Error responses of a bearer-protected resource (RFC 6750 section 3).

export type BearerErrorCode = 'invalid_request' | 'invalid_token' | 'insufficient_scope';

/** What went wrong with a bearer-protected request, in the terms RFC 6750 answers with. */
export interface BearerChallenge {
  /** Absent when the request carried no bearer credentials (RFC 6750 section 3.1). */
  readonly error?: BearerErrorCode;
  /** Safe for the client: goes into the header and the body. */
  readonly description?: string;
  /** Space-separated scopes the resource needs; sent with insufficient_scope. */
  readonly scope?: string;
  /** For the server log only; never sent. Must not contain the token. */
  readonly reason?: string;
}

export const BEARER_ERROR_STATUS = {
  invalid_request: 400,
  invalid_token: 401,
  insufficient_scope: 403,
} as const satisfies Record<BearerErrorCode, number>;

export const DEFAULT_BEARER_REALM = 'api';

/**
 * Body `error` when the request had no credentials: the header must then carry no error code,
 * but API clients still want a stable machine-readable value in the JSON body.
 */
export const MISSING_CREDENTIALS_ERROR = 'unauthorized';

const MISSING_CREDENTIALS_DESCRIPTION = 'A bearer access token is required';

export interface BearerErrorResponseOptions {
  realm?: string;
}

export interface BearerErrorBody {
  error: BearerErrorCode | typeof MISSING_CREDENTIALS_ERROR;
  error_description: string;
  scope?: string;
}

export function bearerErrorStatus(challenge: BearerChallenge): 400 | 401 | 403 {
  return challenge.error === undefined ? 401 : BEARER_ERROR_STATUS[challenge.error];
}

/** The `WWW-Authenticate` value for a challenge. */
export function formatBearerChallenge(
  challenge: BearerChallenge,
  realm: string = DEFAULT_BEARER_REALM,
): string {
  const params = [`realm=${quote(realm)}`];
  if (challenge.error !== undefined) {
    params.push(`error=${quote(challenge.error)}`);
    if (challenge.description !== undefined) {
      params.push(`error_description=${quote(challenge.description)}`);
    }
    if (challenge.error === 'insufficient_scope' && challenge.scope !== undefined) {
      params.push(`scope=${quote(challenge.scope)}`);
    }
  }
  return `Bearer ${params.join(', ')}`;
}

/**
 * The whole error response: status, `WWW-Authenticate`, a JSON body and `no-store`.
 * Logs `challenge.reason` (one line) so the client sees only the safe description.
 */
export function bearerErrorResponse(
  challenge: BearerChallenge,
  { realm = DEFAULT_BEARER_REALM }: BearerErrorResponseOptions = {},
): Response {
  const status = bearerErrorStatus(challenge);
  if (challenge.reason !== undefined) {
    console.warn(
      `[bearer] ${status} ${challenge.error ?? 'no_credentials'}: ${oneLine(challenge.reason)}`,
    );
  }

  const body: BearerErrorBody =
    challenge.error === undefined
      ? { error: MISSING_CREDENTIALS_ERROR, error_description: MISSING_CREDENTIALS_DESCRIPTION }
      : {
          error: challenge.error,
          error_description: challenge.description ?? defaultDescription(challenge.error),
          ...(challenge.error === 'insufficient_scope' && challenge.scope !== undefined
            ? { scope: challenge.scope }
            : {}),
        };

  return Response.json(body, {
    status,
    headers: {
      'WWW-Authenticate': formatBearerChallenge(challenge, realm),
      'Cache-Control': 'no-store',
    },
  });
}

function defaultDescription(error: BearerErrorCode): string {
  switch (error) {
    case 'invalid_request':
      return 'The request is malformed';
    case 'invalid_token':
      return 'The access token is invalid';
    case 'insufficient_scope':
      return 'The access token lacks a required scope';
  }
}

/**
 * RFC 7230 quoted-string. Everything outside printable ASCII is dropped first: RFC 6750 allows
 * only %x20-7E in these attributes, and a CR or LF would split the response.
 */
function quote(value: string): string {
  const printable = value.replace(/[^\x20-\x7e]/g, '');
  return `"${printable.replace(/["\\]/g, '\\$&')}"`;
}

function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}
