import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_PASSWORD, WEB_APP_ID } from '../src/constants.js';
import { startLocalLogto } from '../src/server.js';
import {
  call,
  exchangeCode,
  finishAuthorization,
  managementClient,
  signIn,
  startAuthorization,
  token,
  verifyJwt,
} from './helpers.js';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'local-logto-test-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function jwks(endpoint: string): Promise<unknown> {
  return (await call(`${endpoint}/oidc/jwks`)).body;
}

describe('persistence with a data folder', () => {
  // Three starts on disk: PGlite's initdb alone takes seconds on a busy machine.
  it('keeps keys, users, sessions and refresh tokens across a restart, and --reset wipes them', { timeout: 180_000 }, async () => {
    const first = await startLocalLogto({ port: 0, dataDir, quiet: true });
    const firstKeys = await jwks(first.endpoint);

    // Register a user, and keep a refresh token of another sign-in.
    const started = await startAuthorization(first.endpoint);
    const { jar } = started;
    await call(`${first.endpoint}/api/experience`, { method: 'PUT', jar, json: { interactionEvent: 'Register' } });
    const verification = await call<{ verificationId: string }>(
      `${first.endpoint}/api/experience/verification/new-password-identity`,
      { method: 'POST', jar, json: { identifier: { type: 'username', value: 'persisted' }, password: 'Long-enough-pw-7' } },
    );
    await call(`${first.endpoint}/api/experience/identification`, {
      method: 'POST',
      jar,
      json: { verificationId: verification.body.verificationId },
    });
    const submitted = await call<{ redirectTo: string }>(`${first.endpoint}/api/experience/submit`, { method: 'POST', jar });
    await finishAuthorization(first.endpoint, started, submitted.body.redirectTo);

    const alice = await exchangeCode(
      first.endpoint,
      await signIn(first.endpoint, { type: 'username', value: 'alice' }, DEMO_PASSWORD),
    );
    const port = first.port;
    await first.stop();
    expect(await readdir(dataDir)).toContain('pglite');

    const second = await startLocalLogto({ port, dataDir, quiet: true, redirectOrigins: ['http://localhost:4100'] });
    try {
      expect(await jwks(second.endpoint)).toEqual(firstKeys);

      // Extra origins join the web app's URIs at start, next to the seeded ones.
      const api = await managementClient(second.endpoint);
      const app = await api.request<{ oidcClientMetadata: { redirectUris: string[]; postLogoutRedirectUris: string[] } }>(
        'GET',
        '/api/applications/local-web-app',
      );
      expect(app.body.oidcClientMetadata).toEqual({
        redirectUris: ['http://localhost:3000/callback', 'http://127.0.0.1:3000/callback', 'http://localhost:4100/callback'],
        postLogoutRedirectUris: ['http://localhost:3000/', 'http://127.0.0.1:3000/', 'http://localhost:4100/'],
      });

      const refreshed = await token(second.endpoint, {
        grant_type: 'refresh_token',
        refresh_token: alice.refresh_token ?? '',
      });
      expect(refreshed.status).toBe(200);
      // The ID token from before the restart still verifies against the same key.
      await verifyJwt(second.endpoint, alice.id_token ?? '', WEB_APP_ID);

      const persisted = await signIn(second.endpoint, { type: 'username', value: 'persisted' }, 'Long-enough-pw-7');
      expect((await exchangeCode(second.endpoint, persisted)).id_token).toBeTruthy();

      // The seed ran once: demo users were not duplicated.
      const bob = await signIn(second.endpoint, { type: 'username', value: 'bob' }, DEMO_PASSWORD);
      expect(bob.code).toBeTruthy();
    } finally {
      await second.stop();
    }

    const reset = await startLocalLogto({ port: 0, dataDir, reset: true, emptyTemplate: true, quiet: true });
    try {
      expect(await jwks(reset.endpoint)).not.toEqual(firstKeys);

      // --empty-template: no organization template, app API resource or default role; the rest is there.
      const api = await managementClient(reset.endpoint);
      expect((await api.request('GET', '/api/organization-roles')).body).toEqual([]);
      expect((await api.request('GET', '/api/organization-scopes')).body).toEqual([]);
      const resources = await api.request<{ indicator: string }[]>('GET', '/api/resources');
      expect(resources.body.map((resource) => resource.indicator)).toEqual(['https://default.logto.app/api']);
      const roles = await api.request<{ name: string }[]>('GET', '/api/roles');
      expect(roles.body.map((role) => role.name)).toEqual(['Logto Management API access']);
      expect(await signIn(reset.endpoint, { type: 'username', value: 'alice' }, DEMO_PASSWORD)).toHaveProperty('code');
      const started2 = await startAuthorization(reset.endpoint);
      await call(`${reset.endpoint}/api/experience`, { method: 'PUT', jar: started2.jar, json: { interactionEvent: 'SignIn' } });
      const gone = await call(`${reset.endpoint}/api/experience/verification/password`, {
        method: 'POST',
        jar: started2.jar,
        json: { identifier: { type: 'username', value: 'persisted' }, password: 'Long-enough-pw-7' },
      });
      expect(gone.status).toBe(422);
    } finally {
      await reset.stop();
    }
  });

  it('refuses a data folder locked by another running process, and releases its own lock on stop', { timeout: 120_000 }, async () => {
    const running = await startLocalLogto({ port: 0, dataDir, quiet: true });
    expect(await readdir(dataDir)).toContain('local-logto.lock');
    await running.stop();
    expect(await readdir(dataDir)).not.toContain('local-logto.lock');

    // The parent process (the test runner) is alive and is not this process.
    await writeFile(path.join(dataDir, 'local-logto.lock'), String(process.ppid));
    try {
      await expect(startLocalLogto({ port: 0, dataDir, quiet: true })).rejects.toThrow(/Another local Logto/);
    } finally {
      await rm(path.join(dataDir, 'local-logto.lock'), { force: true });
    }
  });
});
