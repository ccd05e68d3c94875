import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';

import { chromium, defineConfig, devices } from '@playwright/test';

// End-to-end tests run against a production build (`next build` + `next start`) and a local
// Logto, each on a free port with a fresh data folder, so they never touch `npm run dev`'s data.
// e2e/support/servers.ts (the global setup) builds once and starts both; every worker shares
// them, and each test makes its own users and organizations (e2e/README.md).
//
// Playwright loads this file in the runner and again in every worker; the workers start after
// the global setup and find the servers' URLs in process.env.

/** Chromium: PLAYWRIGHT_CHROMIUM_PATH, else Playwright's own download if present, else Debian's. */
function chromiumPath() {
  if (process.env.PLAYWRIGHT_CHROMIUM_PATH) return process.env.PLAYWRIGHT_CHROMIUM_PATH;
  const bundled = chromium.executablePath();
  return existsSync(bundled) ? bundled : '/usr/bin/chromium';
}

const isRoot = process.getuid?.() === 0;

/**
 * Parallel workers: one per core (E2E_WORKERS overrides). Each worker drives a browser while
 * the shared app and local Logto serve it, so more workers than cores mostly wait on them
 * (README "Tests": what was measured).
 */
function workers() {
  const fromEnv = Number(process.env.E2E_WORKERS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return Math.max(2, availableParallelism());
}

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  fullyParallel: true,
  workers: workers(),
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  globalSetup: './e2e/support/servers.ts',
  use: {
    baseURL: process.env.E2E_APP_URL,
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
});
