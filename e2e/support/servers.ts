// Global setup of the end-to-end suite: one production build, one `next start` and one local
// Logto, shared by every worker (tests are isolated by their own users and organizations, see
// e2e/README.md). Both servers take over ports this process holds from the moment they are
// picked (tests/support/ports.ts). What the workers need is passed in process.env, which they
// inherit. The function it returns is the global teardown.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { LOCAL_LOGTO_DEFAULTS } from '../../lib/env';

import { APP_HOSTS, holdPort, LOCAL_LOGTO_HOSTS, startAppProcess, startLocalLogtoProcess, type Running } from './processes';

/** `next build`, its output shown only if it fails. */
function build(env: NodeJS.ProcessEnv) {
  return new Promise<void>((resolve, reject) => {
    execFile('node_modules/.bin/next', ['build'], { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`next build failed:\n${stdout}\n${stderr}`));
      else resolve();
    });
  });
}

export default async function globalSetup() {
  const runDir = await mkdtemp(path.join(tmpdir(), 'saas-starter-e2e-'));
  const [appHeld, logtoHeld] = await Promise.all([holdPort(APP_HOSTS), holdPort(LOCAL_LOGTO_HOSTS)]);
  const appUrl = `http://localhost:${appHeld.port}`;
  const logtoEndpoint = `http://localhost:${logtoHeld.port}`;
  const running: Running[] = [];
  const teardown = async () => {
    await Promise.all(running.map((server) => server.stop()));
    await Promise.all([appHeld.release(), logtoHeld.release()]);
    await rm(runDir, { recursive: true, force: true });
  };

  try {
    // The local Logto starts while the app builds: neither needs the other yet.
    const logto = startLocalLogtoProcess({ held: logtoHeld, dataDir: path.join(runDir, 'local-logto'), appUrl, reset: true, echo: 'local-logto' });
    const built = process.env.E2E_SKIP_BUILD
      ? Promise.resolve()
      : build({
          ...process.env,
          ...LOCAL_LOGTO_DEFAULTS,
          APP_URL: appUrl,
          LOGTO_ENDPOINT: logtoEndpoint,
          DATABASE_URL: '',
          NEXT_TELEMETRY_DISABLED: '1',
        });
    const [logtoResult, buildResult] = await Promise.allSettled([logto, built]);
    if (logtoResult.status === 'fulfilled') running.push(logtoResult.value);
    if (logtoResult.status === 'rejected') throw logtoResult.reason;
    if (buildResult.status === 'rejected') throw buildResult.reason;

    running.push(await startAppProcess({ held: appHeld, logtoPort: logtoHeld.port, dataDir: path.join(runDir, 'app-data'), echo: 'app' }));
  } catch (error) {
    await teardown();
    throw error;
  }

  process.env.E2E_RUN_DIR = runDir;
  process.env.E2E_APP_URL = appUrl;
  process.env.E2E_LOGTO_ENDPOINT = logtoEndpoint;
  return teardown;
}
