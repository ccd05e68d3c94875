// Starts extra copies of the servers for tests that must restart them (the suite's own
// servers belong to Playwright's webServer and can't be restarted mid-run).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import { LOCAL_LOGTO_DEFAULTS } from '../../lib/env';
import { waitForUrl } from '../../tests/support/ports';

export { freePorts } from '../../tests/support/ports';

function waitFor(url: string, child: ChildProcess, timeoutMs = 60_000) {
  return waitForUrl(url, { timeoutMs, failure: () => (child.exitCode === null ? null : `the process exited with ${child.exitCode}`) });
}

export type Running = { stop: () => Promise<void> };

function started(child: ChildProcess): Running {
  return {
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function startLocalLogtoProcess({ port, dataDir, appUrl }: { port: number; dataDir: string; appUrl: string }) {
  const child = spawn(
    path.resolve('node_modules/.bin/tsx'),
    ['local-logto/src/cli.ts', '--port', String(port), '--data-dir', dataDir, '--app-url', appUrl],
    { stdio: 'ignore' },
  );
  await waitFor(`http://localhost:${port}/oidc/.well-known/openid-configuration`, child);
  return started(child);
}

/** `next start` of the already-built app (Playwright's webServer built it). */
export async function startAppProcess({ port, logtoPort, dataDir }: { port: number; logtoPort: number; dataDir: string }) {
  const child = spawn(path.resolve('node_modules/.bin/next'), ['start', '--port', String(port)], {
    env: {
      ...process.env,
      ...LOCAL_LOGTO_DEFAULTS,
      APP_URL: `http://localhost:${port}`,
      LOGTO_ENDPOINT: `http://localhost:${logtoPort}`,
      APP_DATA_DIR: dataDir,
      DATABASE_URL: '',
      NODE_ENV: 'production',
    },
    stdio: 'ignore',
  });
  // Ready, not merely alive: the database is open (a fresh PGlite folder takes seconds and blocks
  // the process meanwhile), so the test's first request doesn't pay for it.
  await waitFor(`http://localhost:${port}/api/health/ready`, child, 180_000);
  return started(child);
}
