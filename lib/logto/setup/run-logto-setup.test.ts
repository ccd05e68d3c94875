// logto:setup against a local Logto that starts without the app's API resource, default role
// and organization template, exactly as a fresh Logto tenant would.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { MACHINE_ORGANIZATION_ROLES, ORGANIZATION_ROLES, ORGANIZATION_SCOPES } from '@/lib/auth/scopes';
import { LOCAL_LOGTO_DEFAULTS } from '@/lib/env';
import type { ManagementApi } from '@/lib/logto/management-api';
import { startLocalLogto, type LocalLogto } from '@/local-logto/src/server';
import { requestLine } from '@/tests/support/faults';
import { createTestUser, managementApiFor } from '@/tests/support/logto-admin';

import { DEFAULT_USER_ROLE_NAME, WEBHOOK_EVENTS, webhookUrl } from './desired-state';
import { formatSetupReport } from './format-setup-report';
import { runLogtoSetup, type SetupReport } from './run-logto-setup';

const APP_URL = 'http://localhost:3000';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let logto: LocalLogto;
beforeAll(async () => {
  logto = await startLocalLogto({ port: 0, quiet: true, emptyTemplate: true });
});
afterAll(async () => {
  await logto.stop();
});

/** A Management API client that records every write it makes. */
function recordingApi() {
  const writes: string[] = [];
  const api = managementApiFor(logto.endpoint, {
    fetch: async (input, init) => {
      const { method, path } = requestLine(input, init);
      if (WRITE_METHODS.has(method) && path.startsWith('/api/')) writes.push(`${method} ${path}`);
      return fetch(input, init);
    },
  });
  return { api, writes };
}

function setup(api: ManagementApi, options: { fix?: boolean; appUrl?: string; webhookSigningKey?: string } = {}) {
  return runLogtoSetup({
    api,
    apiResource: LOCAL_LOGTO_DEFAULTS.LOGTO_API_RESOURCE,
    webAppId: LOCAL_LOGTO_DEFAULTS.LOGTO_APP_ID,
    appUrl: options.appUrl ?? APP_URL,
    webhookSigningKey: options.webhookSigningKey,
    fix: options.fix,
  });
}

const WEBHOOK_SUBJECT = `webhook ${webhookUrl(APP_URL)}`;

async function appHook(api: ManagementApi, url = webhookUrl(APP_URL)) {
  const hook = (await api.hooks.list()).find((candidate) => candidate.config.url === url);
  if (!hook) throw new Error(`no hook for ${url}`);
  return hook;
}

const resultOf = (report: SetupReport, subject: string) => report.rows.find((row) => row.subject === subject);

async function organizationRole(api: ManagementApi, name: string) {
  const role = (await api.organizationRoles.listAll()).find((candidate) => candidate.name === name);
  if (!role) throw new Error(`organization role ${name} not found`);
  return { ...role, scopeNames: (role.scopes ?? []).map((scope) => scope.name).sort() };
}

describe('npm run logto:setup against an empty tenant', () => {
  it('creates the API resource, its permission, the default role and the organization template', async () => {
    const { api } = recordingApi();
    const report = await setup(api);

    expect(report.ok).toBe(true);
    const created = report.rows.filter((row) => row.result === 'created').map((row) => row.subject);
    expect(created).toEqual([
      `API resource ${LOCAL_LOGTO_DEFAULTS.LOGTO_API_RESOURCE}`,
      'API permission create:organizations',
      `default role "${DEFAULT_USER_ROLE_NAME}"`,
      ...ORGANIZATION_SCOPES.map((scope) => `organization permission ${scope}`),
      ...Object.keys(ORGANIZATION_ROLES).map((role) => `organization role "${role}"`),
      ...Object.keys(MACHINE_ORGANIZATION_ROLES).map((role) => `organization role "${role}"`),
      WEBHOOK_SUBJECT,
    ]);
    // The new hook's signing key is printed once, to be put in the environment.
    const hook = await appHook(api);
    expect(hook).toMatchObject({ events: [...WEBHOOK_EVENTS], enabled: true });
    expect(resultOf(report, WEBHOOK_SUBJECT)?.details).toEqual([
      `signing key: put LOGTO_WEBHOOK_SIGNING_KEY=${hook.signingKey} in the app's environment`,
    ]);
    // The local Logto registers http://localhost:3000's URIs for its web app already.
    expect(resultOf(report, `web app ${LOCAL_LOGTO_DEFAULTS.LOGTO_APP_ID} sign-in URIs`)?.result).toBe('already right');
    expect(report.notes.join(' ')).toMatch(/only to users created from now on/);

    for (const [name, scopes] of Object.entries(ORGANIZATION_ROLES)) {
      expect((await organizationRole(api, name)).scopeNames).toEqual([...scopes].sort());
    }
    // API keys' roles: MachineToMachine, the only type Logto lets an app hold.
    const types = new Map((await api.organizationRoles.listAll()).map((role) => [role.name, role.type]));
    for (const [name, scopes] of Object.entries(MACHINE_ORGANIZATION_ROLES)) {
      expect((await organizationRole(api, name)).scopeNames).toEqual([...scopes].sort());
      expect(types.get(name)).toBe('MachineToMachine');
    }
    expect(types.get('owner')).toBe('User');
  });

  it('gives the default role to users created afterwards', async () => {
    const api = managementApiFor(logto.endpoint);
    const { id: userId } = await createTestUser(logto.endpoint);
    const { data: roles } = await api.request('GET', `/users/${userId}/roles`, {
      schema: z.array(z.object({ name: z.string(), isDefault: z.boolean() })),
    });
    expect(roles).toEqual([expect.objectContaining({ name: DEFAULT_USER_ROLE_NAME, isDefault: true })]);
  });

  it('changes nothing on a second run: every row is "already right"', async () => {
    const { api, writes } = recordingApi();
    const report = await setup(api, { webhookSigningKey: (await appHook(api)).signingKey });

    expect(report.ok).toBe(true);
    expect(new Set(report.rows.map((row) => row.result))).toEqual(new Set(['already right']));
    expect(report.notes).toEqual([]);
    expect(writes).toEqual([]);
  });

  it('reports a drifted organization role as "differs" and changes it only with --fix', async () => {
    const { api, writes } = recordingApi();
    const admin = await organizationRole(api, 'admin');
    const manageMembers = admin.scopes?.find((scope) => scope.name === 'manage:members');
    if (!manageMembers) throw new Error('admin lacks manage:members before the test');
    await api.organizationRoles.removeScope(admin.id, manageMembers.id);
    writes.length = 0;

    const report = await setup(api);
    expect(report.ok).toBe(false);
    expect(resultOf(report, 'organization role "admin"')).toEqual({
      area: 'organizationTemplate',
      subject: 'organization role "admin"',
      result: 'differs',
      details: [
        'lacks manage:members',
        expect.stringMatching(/Organization template > Organization roles > admin, or run again with --fix/),
      ],
    });
    expect(report.rows.filter((row) => row.result !== 'already right')).toHaveLength(1);
    expect(writes).toEqual([]);
    expect((await organizationRole(api, 'admin')).scopeNames).not.toContain('manage:members');
    expect(formatSetupReport(report)).toMatch(/organization role "admin" +differs +lacks manage:members/);

    const fixed = await setup(api, { fix: true });
    expect(fixed.ok).toBe(true);
    expect(resultOf(fixed, 'organization role "admin"')?.result).toBe('fixed');
    expect(writes).toEqual([`POST /api/organization-roles/${admin.id}/scopes`]);
    expect((await organizationRole(api, 'admin')).scopeNames).toEqual([...ORGANIZATION_ROLES.admin].sort());

    expect(new Set((await setup(api)).rows.map((row) => row.result))).toEqual(new Set(['already right']));
  });

  it('with --fix, takes back a permission a role should not have, and makes the role default again', async () => {
    const api = managementApiFor(logto.endpoint);
    const member = await organizationRole(api, 'member');
    const deleteScope = (await api.organizationScopes.listAll()).find((scope) => scope.name === 'delete:organization');
    if (!deleteScope) throw new Error('delete:organization is missing');
    await api.organizationRoles.addScopes(member.id, [deleteScope.id]);
    const userRole = (await api.roles.listAll({ type: 'User' })).find((role) => role.name === DEFAULT_USER_ROLE_NAME);
    if (!userRole) throw new Error('the default role is missing');
    await api.roles.update(userRole.id, { isDefault: false });

    const report = await setup(api);
    expect(resultOf(report, 'organization role "member"')).toMatchObject({ result: 'differs', details: ['also grants delete:organization', expect.any(String)] });
    expect(resultOf(report, `default role "${DEFAULT_USER_ROLE_NAME}"`)).toMatchObject({
      result: 'differs',
      details: ['is not a default role (new users would not get it)', expect.any(String)],
    });

    const fixed = await setup(api, { fix: true });
    expect(fixed.ok).toBe(true);
    expect(resultOf(fixed, 'organization role "member"')?.result).toBe('fixed');
    expect(resultOf(fixed, `default role "${DEFAULT_USER_ROLE_NAME}"`)?.result).toBe('fixed');
    expect(fixed.notes.join(' ')).toMatch(/Users who already exist/);
    expect((await organizationRole(api, 'member')).scopeNames).toEqual([...ORGANIZATION_ROLES.member].sort());
    expect((await api.roles.listAll({ type: 'User' })).find((role) => role.id === userRole.id)?.isDefault).toBe(true);
  });

  it("reports APP_URL's unregistered redirect URIs, and with --fix adds them next to the existing ones", async () => {
    const api = managementApiFor(logto.endpoint);
    const appUrl = 'https://app.example.com';
    const subject = `web app ${LOCAL_LOGTO_DEFAULTS.LOGTO_APP_ID} sign-in URIs`;
    const before = await api.applications.get(LOCAL_LOGTO_DEFAULTS.LOGTO_APP_ID);

    const report = await setup(api, { appUrl });
    expect(resultOf(report, subject)?.result).toBe('differs');
    expect(resultOf(report, subject)?.details).toEqual([
      `redirect URI ${appUrl}/callback is not registered`,
      `post sign-out redirect URI ${appUrl}/ is not registered`,
      expect.stringMatching(/Redirect URIs .* or run again with --fix/),
    ]);

    expect(resultOf(await setup(api, { appUrl, fix: true }), subject)?.result).toBe('fixed');
    // The run also created a hook for that URL: nothing should be delivered there.
    await api.request('DELETE', `/hooks/${(await appHook(api, webhookUrl(appUrl))).id}`);
    const after = await api.applications.get(LOCAL_LOGTO_DEFAULTS.LOGTO_APP_ID);
    expect(after.oidcClientMetadata).toEqual({
      redirectUris: [...before.oidcClientMetadata.redirectUris, `${appUrl}/callback`],
      postLogoutRedirectUris: [...before.oidcClientMetadata.postLogoutRedirectUris, `${appUrl}/`],
    });
  });
});

describe('npm run logto:setup and the app\'s webhook', () => {
  it('prints the existing hook\'s key when LOGTO_WEBHOOK_SIGNING_KEY is not set, and never rotates it without --fix', async () => {
    const { api, writes } = recordingApi();
    const { signingKey } = await appHook(api);

    const unset = await setup(api);
    expect(resultOf(unset, WEBHOOK_SUBJECT)?.result).toBe('already right');
    expect(unset.notes).toContainEqual(expect.stringContaining(`LOGTO_WEBHOOK_SIGNING_KEY=${signingKey}`));

    const stale = await setup(api, { webhookSigningKey: 'a-key-from-another-tenant' });
    expect(resultOf(stale, WEBHOOK_SUBJECT)).toMatchObject({
      result: 'differs',
      details: [expect.stringMatching(/another key than LOGTO_WEBHOOK_SIGNING_KEY/), expect.stringMatching(/--fix/)],
    });
    expect(writes).toEqual([]);
    expect((await appHook(api)).signingKey).toBe(signingKey);

    const rotated = await setup(api, { webhookSigningKey: 'a-key-from-another-tenant', fix: true });
    const hook = await appHook(api);
    expect(hook.signingKey).not.toBe(signingKey);
    expect(resultOf(rotated, WEBHOOK_SUBJECT)).toMatchObject({
      result: 'fixed',
      details: [
        expect.any(String),
        `signing key: put LOGTO_WEBHOOK_SIGNING_KEY=${hook.signingKey} in the app's environment`,
        expect.stringMatching(/LOGTO_WEBHOOK_SIGNING_KEY_PREVIOUS/),
      ],
    });
    expect(resultOf(await setup(api, { webhookSigningKey: hook.signingKey }), WEBHOOK_SUBJECT)?.result).toBe('already right');
  });

  it('with --fix, adds the events the app needs to its hook and enables it again', async () => {
    const api = managementApiFor(logto.endpoint);
    const hook = await appHook(api);
    await api.hooks.update(hook.id, { events: ['Organization.Created', 'PostSignIn'], enabled: false });

    const report = await setup(api, { webhookSigningKey: hook.signingKey });
    expect(resultOf(report, WEBHOOK_SUBJECT)).toMatchObject({ result: 'differs', details: [expect.stringMatching(/^does not send Organization.Deleted/), 'is disabled', expect.any(String)] });

    expect(resultOf(await setup(api, { webhookSigningKey: hook.signingKey, fix: true }), WEBHOOK_SUBJECT)?.result).toBe('fixed');
    const fixed = await appHook(api);
    expect(fixed.enabled).toBe(true);
    expect(fixed.events).toEqual(['Organization.Created', 'PostSignIn', ...WEBHOOK_EVENTS.filter((event) => event !== 'Organization.Created')]);
  });
});

describe('the logto:setup command', () => {
  const run = promisify(execFile);
  const cli = async (...args: string[]) => {
    const env = {
      ...process.env,
      ...LOCAL_LOGTO_DEFAULTS,
      LOGTO_ENDPOINT: logto.endpoint,
      APP_URL,
      LOGTO_WEBHOOK_SIGNING_KEY: (await appHook(managementApiFor(logto.endpoint))).signingKey,
    };
    try {
      const { stdout } = await run('node_modules/.bin/tsx', ['scripts/logto-setup.ts', ...args], { env });
      return { code: 0, stdout };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string };
      return { code: failed.code ?? -1, stdout: failed.stdout ?? '' };
    }
  };

  it('exits 1 while something differs, 0 once --fix changed it', async () => {
    const api = managementApiFor(logto.endpoint);
    const viewer = await organizationRole(api, 'viewer');
    const readMembers = viewer.scopes?.find((scope) => scope.name === 'read:members');
    if (!readMembers) throw new Error('viewer lacks read:members before the test');
    await api.organizationRoles.removeScope(viewer.id, readMembers.id);

    const drifted = await cli();
    expect(drifted.code).toBe(1);
    expect(drifted.stdout).toMatch(/organization role "viewer" +differs +lacks read:members/);
    expect(drifted.stdout).toMatch(/npm run logto:setup -- --fix/);

    const fixed = await cli('--fix');
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toMatch(/organization role "viewer" +fixed/);

    const again = await cli();
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/19 already right/);
    // Three tsx start-ups: generous on a busy machine.
  }, 90_000);
});
