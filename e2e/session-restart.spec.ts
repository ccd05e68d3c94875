import path from 'node:path';

import { expect, test } from './support/test';
import { submitSignIn } from './support/auth';
import { APP_HOSTS, holdPort, LOCAL_LOGTO_HOSTS, startAppProcess, startLocalLogtoProcess, type HeldPort, type Running } from './support/processes';

// Runs its own app and local Logto so it can restart both; their data lives in this run's folder.
test('a session survives a restart of the local Logto and of the app', async ({ page }) => {
  test.setTimeout(180_000);
  const runDir = process.env.E2E_RUN_DIR ?? 'test-results';
  let [appHeld, logtoHeld]: (HeldPort | undefined)[] = await Promise.all([holdPort(APP_HOSTS), holdPort(LOCAL_LOGTO_HOSTS)]);
  if (!appHeld || !logtoHeld) throw new Error('no ports');
  const appUrl = `http://localhost:${appHeld.port}`;
  const logtoPort = logtoHeld.port;
  const dirs = { logto: path.join(runDir, 'restart-logto'), app: path.join(runDir, 'restart-app') };
  const start = async () => {
    if (!appHeld || !logtoHeld) throw new Error('the ports were let go');
    // Side by side: the app is ready once its database is open and Logto answers.
    const [logto, app] = await Promise.allSettled([
      startLocalLogtoProcess({ held: logtoHeld, dataDir: dirs.logto, appUrl }),
      startAppProcess({ held: appHeld, logtoPort, dataDir: dirs.app }),
    ]);
    const started = [app, logto].flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failed = [app, logto].find((result) => result.status === 'rejected');
    if (failed) {
      await Promise.all(started.map((server) => server.stop()));
      throw failed.reason;
    }
    return started;
  };
  let running: Running[] = await start();
  try {
    await page.goto(`${appUrl}/sign-in?returnTo=/dashboard`);
    await submitSignIn(page, 'alice@example.com');
    await expect(page).toHaveURL(`${appUrl}/dashboard`);

    // Restarted on the same ports (the session cookie and the issuer name them), held between.
    [appHeld, logtoHeld] = [await running[0]?.stop({ keepPort: true }), await running[1]?.stop({ keepPort: true })];
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
    await Promise.all([appHeld?.release(), logtoHeld?.release()]);
  }
});
