import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { chromium, defineConfig, devices } from '@playwright/test';

import { LOCAL_LOGTO_DEFAULTS } from './lib/env';

// End-to-end tests run against a production build (`next build` + `next start`) and a local
// Logto, each on a free port with a fresh data folder, so they never touch `npm run dev`'s data.
//
// Playwright loads this file in every worker too: whatever is chosen once (ports, folders) is
// kept in process.env, which the workers inherit.
function once(name: string, make: () => string) {
  process.env[name] ??= make();
  return process.env[name];
}

/** Two distinct free ports: both sockets are held open together, so the OS can't hand out one twice. */
function freePorts(): [string, string] {
  const script = `
    const net = require('node:net');
    const servers = [net.createServer(), net.createServer()];
    Promise.all(servers.map((server) => new Promise((resolve) => server.listen(0, '127.0.0.1', resolve)))).then(() => {
      process.stdout.write(servers.map((server) => server.address().port).join(' '));
      servers.forEach((server) => server.close());
    });`;
  const [app = '', logto = ''] = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim().split(' ');
  return [app, logto];
}

/** Chromium: PLAYWRIGHT_CHROMIUM_PATH, else Playwright's own download if present, else Debian's. */
function chromiumPath() {
  if (process.env.PLAYWRIGHT_CHROMIUM_PATH) return process.env.PLAYWRIGHT_CHROMIUM_PATH;
  const bundled = chromium.executablePath();
  return existsSync(bundled) ? bundled : '/usr/bin/chromium';
}

const runDir = once('E2E_RUN_DIR', () => mkdtempSync(path.join(tmpdir(), 'saas-starter-e2e-')));
const ports = once('E2E_PORTS', () => freePorts().join(' ')).split(' ');
const [appPort = '', logtoPort = ''] = ports;
const appUrl = `http://localhost:${appPort}`;
const logtoEndpoint = `http://localhost:${logtoPort}`;
process.env.E2E_APP_URL = appUrl;
process.env.E2E_LOGTO_ENDPOINT = logtoEndpoint;

const isRoot = process.getuid?.() === 0;

const appEnv = {
  APP_URL: appUrl,
  LOGTO_ENDPOINT: logtoEndpoint,
  ...LOCAL_LOGTO_DEFAULTS,
  APP_DATA_DIR: path.join(runDir, 'app-data'),
  DATABASE_URL: '',
};

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  globalTeardown: './e2e/support/global-teardown.ts',
  use: {
    baseURL: appUrl,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        ...(isRoot ? ['--no-sandbox'] : []),
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: [
    {
      name: 'local-logto',
      // --app-url: redirects to the app are accepted and the app's hook delivers to it.
      command: `node_modules/.bin/tsx local-logto/src/cli.ts --port ${logtoPort} --data-dir ${path.join(runDir, 'local-logto')} --reset --app-url ${appUrl}`,
      url: `${logtoEndpoint}/oidc/.well-known/openid-configuration`,
      reuseExistingServer: false,
      // Starts in seconds on an idle machine; a shared CI runner or a busy laptop needs more.
      timeout: 3 * 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      name: 'app',
      command: `${process.env.E2E_SKIP_BUILD ? '' : 'node_modules/.bin/next build && '}node_modules/.bin/next start --port ${appPort}`,
      // Ready (database open, Logto answering), not merely alive.
      url: `${appUrl}/api/health/ready`,
      env: appEnv,
      reuseExistingServer: false,
      timeout: 10 * 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
