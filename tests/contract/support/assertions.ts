// Vitest assertions shared by the contract tests.
import { expect } from 'vitest';
import { z } from 'zod';

import { describeResponse, type HttpResponse } from './http';
import { logtoErrorSchema, SECRET_USER_FIELDS } from './logto-schemas';

/** Asserts the status, that the body is JSON, and parses it with `schema`. */
export function expectJson<T extends z.ZodType>(
  response: HttpResponse,
  status: number,
  schema: T,
): z.infer<T> {
  expect(response.status, describeResponse(response)).toBe(status);
  expect(response.headers.get('content-type') ?? '', describeResponse(response)).toMatch(/application\/(?:[\w.-]+\+)?json/);
  const parsed = schema.safeParse(response.json);
  if (!parsed.success) {
    throw new Error(
      `Response body does not match the Logto schema:\n${z.prettifyError(parsed.error)}\n${describeResponse(response)}`,
    );
  }
  return parsed.data;
}

export function expectStatus(response: HttpResponse, status: number): void {
  expect(response.status, describeResponse(response)).toBe(status);
}

/** 204 with an empty body. */
export function expectNoContent(response: HttpResponse): void {
  expect(response.status, describeResponse(response)).toBe(204);
  expect(response.text).toBe('');
}

/** Logto's relation endpoints answer 201 with the plain-text body `Created`. */
export function expectCreatedText(response: HttpResponse): void {
  expect(response.status, describeResponse(response)).toBe(201);
  expect(response.headers.get('content-type') ?? '').toMatch(/text\/plain/);
  expect(response.text).toBe('Created');
}

/**
 * Asserts a Logto error body `{code, message, data?}`. `message` is compared exactly when
 * given; `data` with `toMatchObject` when given.
 */
export function expectLogtoError(
  response: HttpResponse,
  status: number,
  expected: { code: string; message?: string; data?: unknown },
): z.infer<typeof logtoErrorSchema> {
  const body = expectJson(response, status, logtoErrorSchema);
  expect(body.code, describeResponse(response)).toBe(expected.code);
  if (expected.message !== undefined) {
    expect(body.message, describeResponse(response)).toBe(expected.message);
  }
  if (expected.data !== undefined) {
    expect(body.data, describeResponse(response)).toMatchObject(expected.data as object);
  }
  return body;
}

/** The whole JSON body must equal `expected` (used where the reference pins every field). */
export function expectExactJson(response: HttpResponse, status: number, expected: unknown): void {
  expect(response.status, describeResponse(response)).toBe(status);
  expect(response.json, describeResponse(response)).toEqual(expected);
}

/** User objects never carry password material. */
export function expectNoSecretFields(value: unknown): void {
  const objects = Array.isArray(value) ? value : [value];
  for (const item of objects) {
    if (typeof item === 'object' && item !== null) {
      for (const field of SECRET_USER_FIELDS) {
        expect(item, `user object leaks ${field}`).not.toHaveProperty(field);
      }
    }
  }
}

export function parseLinkHeader(header: string | null): Map<string, URL> {
  const links = new Map<string, URL>();
  if (!header) {
    return links;
  }
  for (const match of header.matchAll(/<([^>]*)>\s*;\s*rel="([^"]+)"/g)) {
    const [, url, rel] = match;
    if (url && rel) {
      links.set(rel, new URL(url));
    }
  }
  return links;
}

export function totalNumber(response: HttpResponse): number {
  const header = response.headers.get('total-number');
  expect(header, `Total-Number header missing: ${describeResponse(response)}`).toMatch(/^\d+$/);
  return Number(header);
}

const DEFAULT_PAGE_SIZE = 20;

/**
 * Asserts Logto's pagination headers for a request to `path?query`:
 * `Total-Number`, and a `Link` header with first/last (always) and prev/next (when they
 * exist), whose URLs keep every query parameter, set `page`, and drop the `/api` prefix.
 */
export function expectPaginationHeaders(
  response: HttpResponse,
  request: { path: string; query?: Record<string, string> },
  expected: { total: number },
): void {
  expect(totalNumber(response), describeResponse(response)).toBe(expected.total);

  const query = request.query ?? {};
  const page = query.page === undefined ? 1 : Number(query.page);
  const pageSize = query.page_size === undefined ? DEFAULT_PAGE_SIZE : Number(query.page_size);
  const lastPage = Math.max(1, Math.ceil(expected.total / pageSize));
  const links = parseLinkHeader(response.headers.get('link'));
  const expectedPath = request.path.replace(/^\/api(?=\/)/, '');

  const expectedRels: Record<string, number> = { first: 1, last: lastPage };
  if (page > 1) {
    expectedRels.prev = page - 1;
  }
  if (page < lastPage) {
    expectedRels.next = page + 1;
  }
  expect([...links.keys()].sort(), `Link: ${response.headers.get('link') ?? '(none)'}`).toEqual(
    Object.keys(expectedRels).sort(),
  );

  for (const [rel, relPage] of Object.entries(expectedRels)) {
    const link = links.get(rel);
    expect(link, `Link rel="${rel}"`).toBeDefined();
    if (!link) {
      continue;
    }
    expect(link.pathname, `Link rel="${rel}" path`).toBe(expectedPath);
    const params = Object.fromEntries(link.searchParams.entries());
    expect(params, `Link rel="${rel}" query`).toEqual({ ...query, page: String(relPage) });
  }
}
