import { expect, it } from 'vitest';

import type { Database } from '@/lib/db/connect';

import { checkReadiness } from './readiness';

const endpoint = 'http://logto.test';
const workingDb = async () => ({ execute: async () => ({ rows: [{ '?column?': 1 }] }) }) as unknown as Database;
const discovery = async () => Response.json({ issuer: `${endpoint}/oidc` });
const never = () => new Promise<never>(() => {});

it.each([
  { case: 'both up', getDb: workingDb, fetch: discovery, database: 'up', logto: 'up' },
  { case: 'database refuses', getDb: () => Promise.reject(new Error('ECONNREFUSED')), fetch: discovery, database: 'down:error', logto: 'up' },
  { case: 'database hangs', getDb: never, fetch: discovery, database: 'down:timeout', logto: 'up' },
  { case: 'Logto unreachable', getDb: workingDb, fetch: () => Promise.reject(new TypeError('fetch failed')), database: 'up', logto: 'down:error' },
  { case: 'Logto answers 502', getDb: workingDb, fetch: async () => new Response('bad gateway', { status: 502 }), database: 'up', logto: 'down:unexpected_response' },
  { case: 'Logto hangs', getDb: workingDb, fetch: never, database: 'up', logto: 'down:timeout' },
])('$case', async ({ getDb, fetch, database, logto }) => {
  const failures: string[] = [];
  const readiness = await checkReadiness({
    getDb,
    logtoEndpoint: endpoint,
    fetch,
    timeoutMs: 100,
    onFailure: (dependency, { reason }) => failures.push(`${dependency}:${reason}`),
  });
  const summary = (status: { status: string; reason?: string }) => (status.status === 'up' ? 'up' : `down:${status.reason}`);
  expect({ database: summary(readiness.checks.database), logto: summary(readiness.checks.logto) }).toEqual({ database, logto });
  expect(readiness.ready).toBe(database === 'up' && logto === 'up');
  expect(failures).toEqual([database, logto].flatMap((result, index) => (result === 'up' ? [] : [`${index === 0 ? 'database' : 'logto'}:${result.slice(5)}`])));
});
