import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';

import { bearerErrorResponse, bearerErrorStatus, formatBearerChallenge, type BearerChallenge } from './rfc6750';

let warn: MockInstance<typeof console.warn>;

beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterEach(() => {
  warn.mockRestore();
});

describe('bearerErrorResponse', () => {
  const cases: {
    name: string;
    challenge: BearerChallenge;
    status: number;
    header: string;
    body: Record<string, string>;
  }[] = [
    {
      name: 'no credentials: 401 without an error code (RFC 6750 section 3.1)',
      challenge: {},
      status: 401,
      header: 'Bearer realm="api"',
      body: { error: 'unauthorized', error_description: 'A bearer access token is required' },
    },
    {
      name: 'invalid_token: 401',
      challenge: { error: 'invalid_token', description: 'The access token expired', reason: 'exp passed' },
      status: 401,
      header: 'Bearer realm="api", error="invalid_token", error_description="The access token expired"',
      body: { error: 'invalid_token', error_description: 'The access token expired' },
    },
    {
      name: 'insufficient_scope: 403 with the required scopes',
      challenge: {
        error: 'insufficient_scope',
        description: 'Missing scope',
        scope: 'read:projects write:projects',
        reason: 'missing scopes: write:projects',
      },
      status: 403,
      header:
        'Bearer realm="api", error="insufficient_scope", error_description="Missing scope", scope="read:projects write:projects"',
      body: {
        error: 'insufficient_scope',
        error_description: 'Missing scope',
        scope: 'read:projects write:projects',
      },
    },
    {
      name: 'invalid_request: 400',
      challenge: { error: 'invalid_request', description: 'Send the token in the header' },
      status: 400,
      header: 'Bearer realm="api", error="invalid_request", error_description="Send the token in the header"',
      body: { error: 'invalid_request', error_description: 'Send the token in the header' },
    },
    {
      name: 'a default description when none is given',
      challenge: { error: 'invalid_token' },
      status: 401,
      header: 'Bearer realm="api", error="invalid_token"',
      body: { error: 'invalid_token', error_description: 'The access token is invalid' },
    },
  ];

  it.each(cases)('$name', async ({ challenge, status, header, body }) => {
    const response = bearerErrorResponse(challenge);
    expect(response.status).toBe(status);
    expect(bearerErrorStatus(challenge)).toBe(status);
    expect(response.headers.get('www-authenticate')).toBe(header);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const json: unknown = await response.json();
    expect(json).toEqual(body);
  });

  it('never sends the internal reason, and logs it on one line', async () => {
    const response = bearerErrorResponse(
      { error: 'invalid_token', description: 'The access token is invalid', reason: 'ERR_JWS_INVALID:\nline two' },
      { realm: 'projects' },
    );
    const text = await response.text();
    expect(text).not.toContain('ERR_JWS_INVALID');
    expect(response.headers.get('www-authenticate')).not.toContain('ERR_JWS_INVALID');
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="projects", /);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]).toEqual(['[bearer] 401 invalid_token: ERR_JWS_INVALID: line two']);
  });

  it('does not log a plain missing-credentials response', () => {
    bearerErrorResponse({});
    expect(warn).not.toHaveBeenCalled();
  });

  it('does not send scope with errors other than insufficient_scope', async () => {
    const response = bearerErrorResponse({ error: 'invalid_token', scope: 'read:projects' });
    expect(response.headers.get('www-authenticate')).not.toContain('scope=');
    expect(await response.json()).not.toHaveProperty('scope');
  });
});

describe('formatBearerChallenge', () => {
  it('escapes quotes and backslashes', () => {
    expect(
      formatBearerChallenge({ error: 'invalid_request', description: 'say "hi" \\ bye' }, 'a "realm"'),
    ).toBe('Bearer realm="a \\"realm\\"", error="invalid_request", error_description="say \\"hi\\" \\\\ bye"');
  });

  it('drops CR, LF and non-ASCII so no header can be injected', () => {
    const value = formatBearerChallenge({
      error: 'invalid_token',
      description: 'bad\r\nSet-Cookie: x=1 caf\u00e9',
    });
    expect(value).toBe('Bearer realm="api", error="invalid_token", error_description="badSet-Cookie: x=1 caf"');
    expect(() => new Headers({ 'www-authenticate': value })).not.toThrow();
  });
});
