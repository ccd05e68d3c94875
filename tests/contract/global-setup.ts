// Vitest global setup for the contract suite: resolves the Logto under test once and hands
// it to every test file through `provide`/`inject`. Without LOGTO_ENDPOINT it starts the
// local Logto on a free port with a fresh in-memory database and stops it afterwards.
import type { TestProject } from 'vitest/node';

import { localTarget, readContractEnv, type ContractTarget } from './support/env';

declare module 'vitest' {
  export interface ProvidedContext {
    contractTarget: ContractTarget;
  }
}

interface LocalLogtoServer {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

type StartLocalLogto = (options: { port: number; quiet: boolean }) => Promise<LocalLogtoServer>;

// Loaded by path at run time so the suite compiles without the local server and never
// depends on its internals: it only needs this one documented entry point.
const LOCAL_LOGTO_MODULE = '../../local-logto/src/server';

async function loadStartLocalLogto(): Promise<StartLocalLogto> {
  let loaded: unknown;
  try {
    loaded = await import(/* @vite-ignore */ LOCAL_LOGTO_MODULE);
  } catch (error) {
    throw new Error(
      'LOGTO_ENDPOINT is not set and the local Logto could not be loaded from local-logto/src/server.ts. ' +
        'Set LOGTO_ENDPOINT (and the credentials) to run the contract suite against a Logto tenant.',
      { cause: error },
    );
  }
  const start =
    typeof loaded === 'object' && loaded !== null && 'startLocalLogto' in loaded
      ? loaded.startLocalLogto
      : undefined;
  if (typeof start !== 'function') {
    throw new Error('local-logto/src/server.ts does not export a startLocalLogto function.');
  }
  return start as StartLocalLogto;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const env = readContractEnv();

  if (env.kind === 'remote') {
    project.provide('contractTarget', env.target);
    console.info(`[contract] running against ${env.target.endpoint}`);
    return async () => {};
  }

  const startLocalLogto = await loadStartLocalLogto();
  const server = await startLocalLogto({ port: 0, quiet: true });
  project.provide('contractTarget', localTarget(server.endpoint, env));
  console.info(`[contract] running against the local Logto at ${server.endpoint}`);

  return async () => {
    await server.stop();
  };
}
