import path from 'node:path';

import { expect, test } from './support/test';
import { submitSignIn } from './support/auth';
import { freePorts, startAppProcess, startLocalLogtoProcess, type Running } from './support/processes';

// Runs its own app and local Logto so it can restart both; their data lives in this run's folder.
test('a session survives a restart of the local Logto and of the app', async ({ page }) => {
  test.setTimeout(180_000);
  const runDir = process.env.E2E_RUN_DIR ?? 'test-results';
  const [appPort = 0, logtoPort = 0] = await freePorts(2);
  const appUrl = `http://localhost:${appPort}`;
  const dirs = { logto: path.join(runDir, 'restart-logto'), app: path.join(runDir, 'restart-app') };
  const start = async () => {
    const logto = await startLocalLogtoProcess({ port: logtoPort, dataDir: dirs.logto, appUrl });
    const app = await startAppProcess({ port: appPort, logtoPort, dataDir: dirs.app });
    return [app, logto];
  };
  let running: Running[] = await start();
  try {
    await page.goto(`${appUrl}/sign-in?returnTo=/dashboard`);
    await submitSignIn(page, 'alice@example.com');
    await expect(page).toHaveURL(`${appUrl}/dashboard`);

    for (const server of running) await server.stop();
    running = await start();

    await page.goto(`${appUrl}/dashboard`);
    await expect(page).toHaveURL(`${appUrl}/dashboard`);
    await expect(page.getByText('Signed in as Alice Example')).toBeVisible();
    // The refresh token survived too: creating an organization fetches a fresh access token
    // for the API resource (the permission check) with it.
    await page.goto(`${appUrl}/organizations/new`);
    await page.getByLabel('Name').fill('After restart');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await expect(page).toHaveURL(new RegExp(`${appUrl}/o/[a-z0-9]+$`));
    await expect(page.getByRole('heading', { name: 'After restart', level: 1 })).toBeVisible();
  } finally {
    for (const server of running) await server.stop();
  }
});
