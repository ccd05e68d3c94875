// Starts extra copies of the servers for tests that must restart them (the suite's own
// servers belong to Playwright's webServer and can't be restarted mid-run).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

import { LOCAL_LOGTO_DEFAULTS } from '../../lib/env';

/** `count` distinct free ports: all sockets are held open together, so none is handed out twice. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));
  const ports = servers.map((server) => {
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

async function waitFor(url: string, child: ChildProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
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
    ['local-logto/src/cli.ts', '--port', String(port), '--data-dir', dataDir],
    { env: { ...process.env, LOCAL_LOGTO_REDIRECT_ORIGINS: appUrl }, stdio: 'ignore' },
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
  await waitFor(`http://localhost:${port}/api/health`, child);
  return started(child);
}
