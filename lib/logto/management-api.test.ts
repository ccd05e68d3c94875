import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, describe, expect, it, vi } from 'vitest';

import { requestLine } from '@/tests/support/faults';
import { useLocalLogto } from '@/tests/support/local-logto';
import { managementApiFor } from '@/tests/support/logto-admin';

import { LogtoApiError } from './management-api';

const logto = useLocalLogto();

function countingFetch() {
  const calls: string[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const { method, path } = requestLine(input, init);
    calls.push(`${method} ${path}`);
    return fetch(input, init);
  };
  return { calls, fetch: wrapped, tokenRequests: () => calls.filter((call) => call.endsWith('/oidc/token')).length };
}

async function listen(server: Server) {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('Management API client against the local Logto', () => {
  it('makes exactly one token request for 10 concurrent first calls, then reuses the token', async () => {
    const counter = countingFetch();
    const api = managementApiFor(logto().endpoint, { fetch: counter.fetch });
    const firstCalls = [
      ...Array.from({ length: 7 }, () => api.organizationRoles.list()),
      api.organizationScopes.listAll(),
      api.resources.listAll(),
      api.roles.listAll(),
    ];
    await Promise.all(firstCalls);
    expect(counter.tokenRequests()).toBe(1);
    await api.organizationRoles.list();
    expect(counter.tokenRequests()).toBe(1);
    expect(counter.calls.filter((call) => call === 'GET /api/organization-roles')).toHaveLength(8);
  });

  it('sends the typed calls to the base URL it was given, with path parameters encoded', async () => {
    const counter = countingFetch();
    const api = managementApiFor(logto().endpoint, { fetch: counter.fetch });
    const error = await api.organizations.get('no/such id').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 404 });
    expect(counter.calls).toContain('GET /api/organizations/no%2Fsuch%20id');
  });

  it('renews the token shortly before it expires', async () => {
    let clock = Date.now();
    const counter = countingFetch();
    const api = managementApiFor(logto().endpoint, { fetch: counter.fetch, now: () => clock });
    await api.getToken();
    clock += 3600_000 - 59_000; // inside the one-minute renewal margin
    await api.getToken();
    expect(counter.tokenRequests()).toBe(2);
  });

  it("parses Logto's error body into one typed error", async () => {
    const api = managementApiFor(logto().endpoint);
    const error = await api.organizations.get('doesnotexist').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LogtoApiError);
    expect(error).toMatchObject({ status: 404, code: 'entity.not_exists_with_id' });
  });

  it('reports refused M2M credentials with the OAuth error', async () => {
    const api = managementApiFor(logto().endpoint, { appSecret: 'wrong-secret' });
    await expect(api.organizationRoles.list()).rejects.toMatchObject({ status: 401, code: 'oidc.invalid_client' });
  });

  it('retries once with a fresh token when its cached token is refused', async () => {
    const counter = countingFetch();
    let refuseNext = true;
    const api = managementApiFor(logto().endpoint, {
      fetch: async (input, init) => {
        if (refuseNext && requestLine(input, init).path.startsWith('/api/')) {
          refuseNext = false;
          return Response.json({ code: 'auth.unauthorized', message: 'Unauthorized' }, { status: 401 });
        }
        return counter.fetch(input, init);
      },
    });
    await api.getToken();
    await expect(api.organizationRoles.list()).resolves.toEqual(expect.any(Array));
    expect(counter.tokenRequests()).toBe(2);
  });

  it('refuses a response that does not match the schema instead of passing it on', async () => {
    const api = managementApiFor(logto().endpoint, {
      fetch: async (input, init) =>
        requestLine(input, init).path.startsWith('/api/') ? Response.json([{ id: 42 }]) : fetch(input, init),
    });
    await expect(api.organizationRoles.list()).rejects.toMatchObject({ status: 502, code: 'request.invalid_response' });
  });
});

describe('Management API client transport failures', () => {
  const hanging = createServer(() => {
    // Accepts and never answers.
  });
  afterAll(() => {
    hanging.closeAllConnections();
    hanging.close();
  });

  it('times out instead of hanging', async () => {
    const endpoint = await listen(hanging);
    const api = managementApiFor(endpoint, { timeoutMs: 200 });
    const started = Date.now();
    await expect(api.getToken()).rejects.toMatchObject({ status: 0, code: 'request.timeout' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('says so when Logto cannot be reached', async () => {
    const closed = createServer();
    const endpoint = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const api = managementApiFor(endpoint);
    const error = await api.getToken().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 0, code: 'request.network_error' });
    expect((error as LogtoApiError).isUnavailable).toBe(true);
  });
});

describe('LogtoApiError', () => {
  it('is recognised across copies of its module (Next.js may bundle it more than once)', async () => {
    vi.resetModules();
    const copy = await import('./management-api');
    expect(copy.LogtoApiError).not.toBe(LogtoApiError);
    const fromCopy = new copy.LogtoApiError(404, 'entity.not_exists_with_id', 'No such invitation');
    expect(fromCopy instanceof LogtoApiError).toBe(true);
    expect(new LogtoApiError(0, 'request.timeout', 'Timed out') instanceof copy.LogtoApiError).toBe(true);
    expect(new Error('plain') instanceof LogtoApiError).toBe(false);
    expect({ status: 404, code: 'x' } instanceof LogtoApiError).toBe(false);
  });
});
