// A local Logto for integration tests: started in-process on a free port with an in-memory
// database, stopped after the file's tests. Its fixed development credentials come along.
import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll } from 'vitest';
import { z } from 'zod';

import { LOCAL_LOGTO_DEFAULTS } from '@/lib/env';
import { createManagementApi, type ManagementApiOptions } from '@/lib/logto/management-api';
import { startLocalLogto } from '@/local-logto/src/server';

export type TestLogto = { endpoint: string; stop: () => Promise<void> };

/** Starts one local Logto for the calling test file; the getter is valid inside tests and hooks. */
export function useLocalLogto(): () => TestLogto {
  let logto: TestLogto | undefined;
  beforeAll(async () => {
    logto = await startLocalLogto({ port: 0, quiet: true });
  });
  afterAll(async () => {
    await logto?.stop();
  });
  return () => {
    if (!logto) throw new Error('local Logto not started yet: use it inside a test or hook');
    return logto;
  };
}

export function managementApiFor(endpoint: string, overrides: Partial<ManagementApiOptions> = {}) {
  return createManagementApi({
    endpoint,
    appId: LOCAL_LOGTO_DEFAULTS.LOGTO_M2M_APP_ID,
    appSecret: LOCAL_LOGTO_DEFAULTS.LOGTO_M2M_APP_SECRET,
    resource: LOCAL_LOGTO_DEFAULTS.LOGTO_MANAGEMENT_API_RESOURCE,
    ...overrides,
  });
}

/** Creates a user through the Management API (as against a real Logto) and returns its id. */
export async function createTestUser(endpoint: string, name = `user-${randomBytes(4).toString('hex')}`) {
  const api = managementApiFor(endpoint);
  const { data } = await api.request('POST', '/users', {
    body: { username: name.replace(/[^A-Za-z0-9_]/g, '_'), primaryEmail: `${name}@example.com`, password: 'test-password-1', name },
    schema: z.object({ id: z.string() }),
  });
  return data.id;
}

