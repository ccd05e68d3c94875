import { describe, expect, it } from 'vitest';

import { extractBearerToken, FORM_BODY_INSPECTION_LIMIT_BYTES, parseBearerAuthorization } from './bearer';

const URL_BASE = 'https://app.example.com/api/organizations/ewb37p1h29dr/projects';
const JWT = 'eyJhbGciOiJFUzM4NCJ9.eyJzdWIiOiJ4In0.c2ln-_';

function get(headers: [string, string][] = [], url = URL_BASE): Request {
  const init = new Headers();
  // append, not set: two entries model two header fields on the wire.
  for (const [name, value] of headers) init.append(name, value);
  return new Request(url, { headers: init });
}

describe('extractBearerToken', () => {
  type Expected = { token: string } | { error: 'invalid_request' | undefined; reason?: RegExp };

  const cases: { name: string; request: () => Request; expected: Expected }[] = [
    { name: 'a bearer token', request: () => get([['authorization', `Bearer ${JWT}`]]), expected: { token: JWT } },
    { name: 'a lowercase scheme', request: () => get([['authorization', `bearer ${JWT}`]]), expected: { token: JWT } },
    { name: 'an uppercase scheme', request: () => get([['authorization', `BEARER ${JWT}`]]), expected: { token: JWT } },
    {
      name: 'several spaces after the scheme (1*SP)',
      request: () => get([['authorization', `Bearer   ${JWT}`]]),
      expected: { token: JWT },
    },
    {
      name: 'token68 padding and symbols',
      request: () => get([['authorization', 'Bearer abc~+/._-==']]),
      expected: { token: 'abc~+/._-==' },
    },
    { name: 'no Authorization header', request: () => get(), expected: { error: undefined } },
    {
      name: 'another scheme (Basic)',
      request: () => get([['authorization', 'Basic dXNlcjpwYXNz']]),
      expected: { error: undefined, reason: /unsupported Authorization scheme Basic/ },
    },
    {
      name: 'two Bearer headers',
      request: () => get([['authorization', `Bearer ${JWT}`], ['authorization', 'Bearer other']]),
      expected: { error: 'invalid_request', reason: /more than one/ },
    },
    {
      name: 'a Basic and a Bearer header',
      request: () => get([['authorization', 'Basic dXNlcjpwYXNz'], ['authorization', `Bearer ${JWT}`]]),
      expected: { error: 'invalid_request', reason: /more than one/ },
    },
    {
      name: 'a Bearer and a Basic header',
      request: () => get([['authorization', `Bearer ${JWT}`], ['authorization', 'Basic dXNlcjpwYXNz']]),
      expected: { error: 'invalid_request', reason: /more than one/ },
    },
    {
      name: 'a token in the query string',
      request: () => get([], `${URL_BASE}?access_token=${JWT}`),
      expected: { error: 'invalid_request', reason: /query string/ },
    },
    {
      name: 'a token in the query string next to a valid header',
      request: () => get([['authorization', `Bearer ${JWT}`]], `${URL_BASE}?page=1&access_token=${JWT}`),
      expected: { error: 'invalid_request', reason: /query string/ },
    },
    { name: 'an empty token', request: () => get([['authorization', 'Bearer ']]), expected: { error: 'invalid_request', reason: /without a token/ } },
    { name: 'the scheme alone', request: () => get([['authorization', 'Bearer']]), expected: { error: 'invalid_request', reason: /without a token/ } },
    { name: 'an empty header', request: () => get([['authorization', '']]), expected: { error: 'invalid_request', reason: /empty/ } },
    {
      name: 'a token with a space',
      request: () => get([['authorization', 'Bearer abc def']]),
      expected: { error: 'invalid_request', reason: /token68/ },
    },
    {
      name: 'a token with a quote',
      request: () => get([['authorization', 'Bearer "abc"']]),
      expected: { error: 'invalid_request', reason: /token68/ },
    },
    {
      name: 'a token with a comma',
      request: () => get([['authorization', 'Bearer abc,def']]),
      expected: { error: 'invalid_request', reason: /token68/ },
    },
    {
      name: 'padding in the middle',
      request: () => get([['authorization', 'Bearer abc=def']]),
      expected: { error: 'invalid_request', reason: /token68/ },
    },
    {
      name: 'non-ASCII characters',
      request: () => get([['authorization', 'Bearer abc\u00e9']]),
      expected: { error: 'invalid_request', reason: /token68/ },
    },
    {
      name: 'a tab instead of a space',
      request: () => get([['authorization', `Bearer\t${JWT}`]]),
      expected: { error: 'invalid_request', reason: /unparsable/ },
    },
  ];

  it.each(cases)('$name', async ({ request, expected }) => {
    const result = await extractBearerToken(request());
    if ('token' in expected) {
      expect(result).toEqual({ ok: true, token: expected.token });
      return;
    }
    if (result.ok) throw new Error('expected a refusal');
    expect(result.challenge.error).toBe(expected.error);
    if (expected.reason) expect(result.challenge.reason).toMatch(expected.reason);
    if (expected.error === undefined) expect(result.challenge.description).toBeUndefined();
    // The refusal never echoes the credentials.
    expect(JSON.stringify(result.challenge)).not.toContain('dXNlcjpwYXNz');
    expect(JSON.stringify(result.challenge)).not.toContain(JWT);
  });

  function formPost(body: string, contentType = 'application/x-www-form-urlencoded'): Request {
    return new Request(URL_BASE, {
      method: 'POST',
      headers: { authorization: `Bearer ${JWT}`, 'content-type': contentType },
      body,
    });
  }

  it('refuses a token in a form-encoded body, and leaves the body readable', async () => {
    const request = formPost(`name=x&access_token=${JWT}`);
    const result = await extractBearerToken(request);
    expect(result).toMatchObject({ ok: false, challenge: { error: 'invalid_request', reason: /body/ } });
    expect(await request.text()).toBe(`name=x&access_token=${JWT}`);
  });

  it('refuses a form body token with a charset parameter', async () => {
    const result = await extractBearerToken(
      formPost(`access_token=${JWT}`, 'Application/X-WWW-Form-Urlencoded; charset=UTF-8'),
    );
    expect(result.ok).toBe(false);
  });

  it('accepts a form body without access_token and leaves it readable', async () => {
    const request = formPost('name=Acme&access_tokenx=1');
    expect(await extractBearerToken(request)).toEqual({ ok: true, token: JWT });
    expect(await request.text()).toBe('name=Acme&access_tokenx=1');
  });

  it('does not read JSON bodies', async () => {
    const body = JSON.stringify({ access_token: 'x' });
    const request = formPost(body, 'application/json');
    expect(await extractBearerToken(request)).toEqual({ ok: true, token: JWT });
    expect(await request.text()).toBe(body);
  });

  it('stops inspecting a form body past the limit, and leaves it readable', async () => {
    const body = `name=${'a'.repeat(FORM_BODY_INSPECTION_LIMIT_BYTES)}&access_token=x`;
    const request = formPost(body);
    expect(await extractBearerToken(request)).toEqual({ ok: true, token: JWT });
    expect(await request.text()).toBe(body);
  });
});

describe('parseBearerAuthorization', () => {
  it('trims a raw header value', () => {
    expect(parseBearerAuthorization(`  Bearer ${JWT}  `)).toEqual({ ok: true, token: JWT });
  });

  it('answers a missing header without an error code', () => {
    expect(parseBearerAuthorization(null)).toEqual({ ok: false, challenge: {} });
  });
});
