// Reading a tenant larger than one page, from a server that embeds less than Logto does:
// a scripted fetch stands in for Logto here, since the local one holds only a few items.
import { describe, expect, it } from 'vitest';

import { createManagementApi } from '@/lib/logto/management-api';
import { requestLine } from '@/tests/support/faults';

import { desiredLogtoState } from './desired-state';
import { readTenantSnapshot } from './read-tenant-snapshot';

const json = (body: unknown, init: { status?: number; total?: number } = {}) =>
  new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { 'Content-Type': 'application/json', ...(init.total === undefined ? {} : { 'Total-Number': String(init.total) }) },
  });

function scriptedLogto() {
  const requests: string[] = [];
  const scopes = Array.from({ length: 250 }, (_, index) => ({ id: `s${index}`, name: `scope:${index}`, description: null }));
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const { method, url } = requestLine(input, init);
    requests.push(`${method} ${url.pathname}${url.search}`);
    const page = Number(url.searchParams.get('page') ?? '1');
    const size = Number(url.searchParams.get('page_size') ?? '20');
    switch (url.pathname) {
      case '/oidc/token':
        return json({ access_token: 'token', expires_in: 3600, token_type: 'Bearer' });
      case '/api/resources':
      case '/api/roles':
        return json([], { total: 0 });
      case '/api/organization-scopes':
        // Pages overlap by one item, as Logto's unordered lists may.
        return json(scopes.slice(Math.max(0, (page - 1) * size - 1), page * size), { total: scopes.length });
      case '/api/organization-roles':
        return json([{ id: 'r1', name: 'owner', description: null }], { total: 1 });
      case '/api/organization-roles/r1/scopes':
        return json([{ id: 's0', name: 'scope:0', description: null }], { total: 1 });
      case '/api/hooks':
        // Logto lists hooks whole unless a page is asked for.
        return json([]);
      case '/api/applications/web':
        return json({ code: 'entity.not_exists_with_id', message: 'The application with ID `web` does not exist.' }, { status: 404 });
      default:
        return json({ code: 'test.unexpected', message: url.pathname }, { status: 500 });
    }
  };
  return { fetch, requests };
}

describe('readTenantSnapshot', () => {
  it('reads every page, asks for role scopes the list did not embed, and maps a missing web app to null', async () => {
    const logto = scriptedLogto();
    const api = createManagementApi({ endpoint: 'https://tenant.example', appId: 'm2m', appSecret: 's', resource: 'https://tenant.example/api', fetch: logto.fetch });
    const snapshot = await readTenantSnapshot(api, desiredLogtoState({ apiResource: 'https://api.example.com', webAppId: 'web', appUrl: 'https://app.example.com' }));

    expect(snapshot.organizationScopes).toHaveLength(250);
    expect(new Set(snapshot.organizationScopes.map((scope) => scope.id)).size).toBe(250);
    expect(logto.requests.filter((request) => request.startsWith('GET /api/organization-scopes'))).toEqual([
      'GET /api/organization-scopes?page=1&page_size=100',
      'GET /api/organization-scopes?page=2&page_size=100',
      'GET /api/organization-scopes?page=3&page_size=100',
    ]);
    expect(snapshot.organizationRoles).toEqual([{ id: 'r1', name: 'owner', description: null, scopes: [{ id: 's0', name: 'scope:0', description: null }] }]);
    expect(snapshot.apiResource).toBeNull();
    expect(snapshot.userRoles).toEqual([]);
    expect(snapshot.webApp).toBeNull();
    expect(snapshot.hooks).toEqual([]);
    expect(logto.requests).toContain('GET /api/hooks');
  });
});
