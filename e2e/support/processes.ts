// Starts the servers of the end-to-end suite (./servers.ts) and extra copies of them for tests
// that must restart them. Each listens on a port this process holds until the server takes it
// over (tests/support/ports.ts), so parallel workers never race for a port.
import { type ChildProcess } from 'node:child_process';
import path from 'node:path';

import { LOCAL_LOGTO_DEFAULTS } from '../../lib/env';
import { handoffState, holdPort, spawnOnHeldPort, waitForUrl, type HeldPort } from '../../tests/support/ports';

export { freePorts, holdPort, type HeldPort } from '../../tests/support/ports';

/** `next start` listens on every interface (one dual-stack socket). */
export const APP_HOSTS = ['::'];
/** The local Logto listens on both loopbacks, in this order (local-logto/src/http/listen.ts). */
export const LOCAL_LOGTO_HOSTS = ['127.0.0.1', '::1'];

export type Running = {
  port: number;
  /** Stops the server; `keepPort` holds its port again at once, for a restart on the same port. */
  stop: (options?: { keepPort?: boolean }) => Promise<HeldPort | undefined>;
  exited: Promise<number | null>;
};

/** Waits until `url` answers; a server that doesn't in time is stopped, not left behind. */
async function waitFor(url: string, child: ChildProcess, timeoutMs: number, output: () => string) {
  try {
    await waitForUrl(url, {
      timeoutMs,
      failure: () => (child.exitCode === null ? null : `the process exited with ${child.exitCode}\n${output()}`),
    });
  } catch (error) {
    if (error instanceof Error) error.message += ` (${handoffState(child)})\n${output()}`;
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    throw error;
  }
}

function started(child: ChildProcess, port: number, hosts: string[]): Running {
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  return {
    port,
    exited,
    stop: async ({ keepPort = false } = {}) => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      return keepPort ? holdPort(hosts, port) : undefined;
    },
  };
}

/** Keeps the last lines a server wrote, for the message when it fails to start. */
function tail(child: ChildProcess, echo?: string) {
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
    if (echo) process.stderr.write(chunk.toString().replace(/^(?=.)/gm, `[${echo}] `));
  });
  return () => output;
}

/**
 * A local Logto in its own process (plain `node --import tsx`, so the process that listens is
 * the one that holds the port). `echo` prefixes and forwards its stderr.
 */
export async function startLocalLogtoProcess({
  held,
  dataDir,
  appUrl,
  reset = false,
  echo,
}: {
  held: HeldPort;
  dataDir: string;
  appUrl: string;
  reset?: boolean;
  echo?: string;
}) {
  const child = spawnOnHeldPort(
    process.execPath,
    ['--import', 'tsx', 'local-logto/src/cli.ts', '--port', String(held.port), '--data-dir', dataDir, '--app-url', appUrl, ...(reset ? ['--reset'] : [])],
    held,
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const output = tail(child, echo);
  // Starts in seconds on an idle machine; a shared CI runner or a busy laptop needs more.
  await waitFor(`http://localhost:${held.port}/oidc/.well-known/openid-configuration`, child, 180_000, output);
  return started(child, held.port, LOCAL_LOGTO_HOSTS);
}

/** `next start` of the already-built app. */
export async function startAppProcess({
  held,
  logtoPort,
  dataDir,
  env = {},
  echo,
}: {
  held: HeldPort;
  logtoPort: number;
  dataDir: string;
  env?: Record<string, string>;
  echo?: string;
}) {
  // The keep-alive timeout of `npm start` and the image: with Node's 5 s, a request context
  // reusing a connection idle for 5 s could meet the server closing it (ECONNRESET).
  const child = spawnOnHeldPort(path.resolve('node_modules/.bin/next'), ['start', '--port', String(held.port), '--keepAliveTimeout', '65000'], held, {
    env: {
      ...process.env,
      ...LOCAL_LOGTO_DEFAULTS,
      APP_URL: `http://localhost:${held.port}`,
      LOGTO_ENDPOINT: `http://localhost:${logtoPort}`,
      APP_DATA_DIR: dataDir,
      DATABASE_URL: '',
      NODE_ENV: 'production',
      NEXT_MANUAL_SIG_HANDLE: 'true',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const output = tail(child, echo);
  // Ready, not merely alive: the database is open (a fresh PGlite folder takes seconds and blocks
  // the process meanwhile), so the test's first request doesn't pay for it.
  await waitFor(`http://localhost:${held.port}/api/health/ready`, child, 180_000, output);
  return started(child, held.port, APP_HOSTS);
}
