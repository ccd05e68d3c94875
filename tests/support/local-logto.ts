// A local Logto for integration tests: started in-process on a free port with an in-memory
// database, stopped after the file's tests. Its fixtures are in ./logto-admin.
import { afterAll, beforeAll } from 'vitest';

import { startLocalLogto, type LocalLogtoOptions } from '@/local-logto/src/server';

export type TestLogto = { endpoint: string; stop: () => Promise<void> };

/**
 * Starts one local Logto for the calling test file; the getter is valid inside tests and hooks.
 * `appUrl` seeds the app's webhook (deliveries then go there).
 */
export function useLocalLogto(options: Pick<LocalLogtoOptions, 'appUrl'> = {}): () => TestLogto {
  let logto: TestLogto | undefined;
  beforeAll(async () => {
    logto = await startLocalLogto({ port: 0, quiet: true, ...options });
  });
  afterAll(async () => {
    await logto?.stop();
  });
  return () => {
    if (!logto) throw new Error('local Logto not started yet: use it inside a test or hook');
    return logto;
  };
}
