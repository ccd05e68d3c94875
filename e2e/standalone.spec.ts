// The production image runs `node server.js` from Next's standalone output. No Docker engine
// runs in this suite, so these tests run exactly that server: the standalone output copied to
// a folder outside the project (only its own files, no project node_modules within reach),
// started with `node server.js` as the Dockerfile does, against its own local Logto.
import { type ChildProcess } from 'node:child_process';
import { cp, mkdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { LOCAL_LOGTO_DEFAULTS } from '../lib/env';
import { startLocalLogto, type LocalLogto } from '../local-logto/src/server';

import { submitSignIn } from './support/auth';
import { freePorts, holdPort, type HeldPort } from './support/processes';
import { spawnOnHeldPort } from '../tests/support/ports';
import { expect, test } from './support/test';

const runDir = process.env.E2E_RUN_DIR ?? 'test-results';
// Outside the project on purpose: Node must not resolve a module from the project's node_modules.
const appDir = path.join(tmpdir(), `standalone-${process.pid}-${Date.now()}`);

type Standalone = { url: string; child: ChildProcess; logs: () => Record<string, unknown>[]; exited: Promise<number | null> };

// server.js listens on 0.0.0.0 unless HOSTNAME says otherwise.
const STANDALONE_HOSTS = ['0.0.0.0'];

/** Starts `node server.js` on the held port; the server takes the port over. */
async function startStandalone(held: HeldPort, env: Record<string, string>): Promise<Standalone> {
  const port = held.port;
  const child = spawnOnHeldPort(process.execPath, ['server.js'], held, {
    cwd: appDir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      NEXT_MANUAL_SIG_HANDLE: 'true',
      KEEP_ALIVE_TIMEOUT: '65000',
      NEXT_TELEMETRY_DISABLED: '1',
      APP_URL: `http://localhost:${port}`,
      ...LOCAL_LOGTO_DEFAULTS,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the standalone server exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the standalone server did not answer:\n${output}`);
    if (await fetch(`${url}/api/health`).then((response) => response.ok, () => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const logs = () =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { url, child, logs, exited };
}

async function readiness(url: string) {
  const response = await fetch(`${url}/api/health/ready`);
  return { status: response.status, body: (await response.json()) as { checks: Record<string, { status: string }> } };
}

/** PGlite's first start (initdb, migrations) takes seconds: readiness says down until it is open. */
async function waitForDatabase(url: string) {
  // A connection reset while the first start blocks the event loop counts as "not yet".
  const databaseStatus = () => readiness(url).then(({ body }) => body.checks.database?.status, () => 'unreachable');
  await expect.poll(databaseStatus, { timeout: 90_000 }).toBe('up');
}

async function stop(server: Standalone) {
  if (server.child.exitCode === null) server.child.kill('SIGTERM');
  return server.exited;
}

/** The standalone tests' app port, held whenever no server has it. */
let appHeld: HeldPort | undefined;

function takeAppPort() {
  if (!appHeld) throw new Error('the app port is not held');
  const held = appHeld;
  appHeld = undefined;
  return held;
}

/** Stops the server and holds its port again for the next one. */
async function stopAndHold(server: Standalone) {
  const code = await stop(server);
  appHeld = await holdPort(STANDALONE_HOSTS, new URL(server.url).port ? Number(new URL(server.url).port) : 0);
  return code;
}

test.describe('standalone server', () => {
  test.describe.configure({ timeout: 180_000 });

  // One local Logto (in memory, in this worker) for the tests that need a working one; it
  // accepts sign-ins for appPort.
  let appPort = 0;
  let logtoPort = 0;
  let logto: LocalLogto | undefined;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    appHeld = await holdPort(STANDALONE_HOSTS);
    appPort = appHeld.port;
    // What the Dockerfile copies: the standalone folder plus the static assets.
    await mkdir(appDir, { recursive: true });
    await cp('.next/standalone', appDir, { recursive: true });
    await cp('.next/static', path.join(appDir, '.next', 'static'), { recursive: true });
    logto = await startLocalLogto({ port: 0, quiet: true, redirectOrigins: [`http://localhost:${appPort}`] });
    logtoPort = logto.port;
  });
  test.afterAll(async () => {
    await logto?.stop();
    await appHeld?.release();
    await rm(appDir, { recursive: true, force: true });
  });

  test('serves a signed-in page from a copied folder, with one JSON log line per request', async ({ page }) => {
    const appUrl = `http://localhost:${appPort}`;
    let app: Standalone | undefined;
    try {
      app = await startStandalone(takeAppPort(), {
        LOGTO_ENDPOINT: `http://localhost:${logtoPort}`,
        APP_DATA_DIR: path.join(path.resolve(runDir), 'standalone-app'),
      });
      await waitForDatabase(appUrl);

      await page.goto(`${appUrl}/sign-in?returnTo=/organizations/new`);
      await submitSignIn(page, 'alice@example.com');
      await expect(page).toHaveURL(`${appUrl}/organizations/new`);
      // A server action and the database (migrated from the copied folder's lib/db/migrations).
      await page.getByLabel('Name').fill('Standalone Inc');
      await page.getByRole('button', { name: 'Create organization' }).click();
      await expect(page).toHaveURL(new RegExp(`${appUrl}/o/[a-z0-9]+$`));
      await expect(page.getByRole('heading', { name: 'Standalone Inc', level: 1 })).toBeVisible();

      const dashboard = await page.goto(`${appUrl}/dashboard`);
      const requestId = dashboard?.headers()['x-request-id'];
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

      const ready = await readiness(appUrl);
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: 'ok', checks: { database: { status: 'up' }, logto: { status: 'up' } } });

      await expect.poll(() => app?.logs().find((line) => line.requestId === requestId)).toMatchObject({
        level: 'info',
        msg: 'request',
        method: 'GET',
        path: '/dashboard',
        status: 200,
        durationMs: expect.any(Number),
      });
      // The sign-in callback's code and state stay out of the log, as do cookies and tokens.
      const logText = JSON.stringify(app.logs());
      expect(logText).toContain('"path":"/callback"');
      expect(logText).not.toMatch(/code=|state=|Bearer|logto_|eyJ/);
    } finally {
      if (app) expect(await stopAndHold(app)).toBe(0);
    }
  });

  test('readiness answers 503 naming the dependency that is down; liveness stays up', async () => {
    const [closedPort = 0] = await freePorts(1);
    {
      const databaseDown = await startStandalone(takeAppPort(), {
        LOGTO_ENDPOINT: `http://localhost:${logtoPort}`,
        DATABASE_URL: `postgres://app@127.0.0.1:${closedPort}/app`,
      });
      try {
        expect((await fetch(`${databaseDown.url}/api/health`)).status).toBe(200);
        const response = await fetch(`${databaseDown.url}/api/health/ready`);
        expect(response.status).toBe(503);
        expect(await response.json()).toMatchObject({
          status: 'unavailable',
          checks: { database: { status: 'down', reason: 'error' }, logto: { status: 'up' } },
        });
      } finally {
        await stopAndHold(databaseDown);
      }

      const logtoDown = await startStandalone(takeAppPort(), {
        LOGTO_ENDPOINT: `http://localhost:${closedPort}`,
        APP_DATA_DIR: path.join(path.resolve(runDir), 'ready-app'),
      });
      try {
        expect((await fetch(`${logtoDown.url}/api/health`)).status).toBe(200);
        await waitForDatabase(logtoDown.url);
        const { status, body } = await readiness(logtoDown.url);
        expect(status).toBe(503);
        expect(body).toMatchObject({ status: 'unavailable', checks: { database: { status: 'up' }, logto: { status: 'down' } } });
        expect(JSON.stringify(body)).not.toContain(String(closedPort)); // public answer: no hosts or driver messages
      } finally {
        await stopAndHold(logtoDown);
      }
    }
  });

  test('on SIGTERM, finishes the request in flight, refuses new connections, closes the database and exits 0', async () => {
    let slowLogtoPort = 0;
    let onDiscovery: (() => void) | undefined;
    // A slow Logto: discovery answers after 1.5 s, so a readiness request stays in flight that long.
    const slowLogto: Server = createServer((request, response) => {
      if (request.url?.endsWith('/.well-known/openid-configuration')) onDiscovery?.();
      setTimeout(() => {
        response.setHeader('Content-Type', 'application/json');
        response.end(JSON.stringify({ issuer: `http://localhost:${slowLogtoPort}/oidc` }));
      }, 1_500);
    });
    await new Promise<void>((resolve) => slowLogto.listen(0, resolve));
    slowLogtoPort = (slowLogto.address() as AddressInfo).port;
    try {
      const app = await startStandalone(takeAppPort(), {
        LOGTO_ENDPOINT: `http://localhost:${slowLogtoPort}`,
        APP_DATA_DIR: path.join(path.resolve(runDir), 'shutdown-app'),
      });
      // Open the database first, so shutdown has a database to close.
      await waitForDatabase(app.url);

      // In flight: the app is waiting for the slow Logto's answer.
      const asked = new Promise<void>((resolve) => (onDiscovery = resolve));
      const inFlight = fetch(`${app.url}/api/health/ready`);
      await asked;
      app.child.kill('SIGTERM');
      // The listener closes as the signal is handled: new connections are refused from then on.
      const connects = () => fetch(`${app.url}/api/health`).then(() => 'accepted', () => 'refused');
      await expect.poll(connects, { intervals: [50] }).toBe('refused');

      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(await app.exited).toBe(0);
      expect(app.logs().map((line) => line.msg)).toEqual(expect.arrayContaining(['shut down']));
      expect(app.logs().find((line) => line.msg === 'shut down')).toMatchObject({ code: 0 });
    } finally {
      await new Promise((resolve) => slowLogto.close(resolve));
      appHeld ??= await holdPort(STANDALONE_HOSTS, appPort);
    }
  });
});
