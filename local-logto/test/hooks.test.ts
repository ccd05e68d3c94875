import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startWebhookReceiver, verifyLogtoSignature, type ReceivedWebhook, type WebhookReceiver } from '../../tests/support/webhook-receiver.js';
import { APP_HOOK, DEMO_PASSWORD } from '../src/constants.js';
import { openDatabase } from '../src/db/database.js';
import { createLocalLogtoInstance } from '../src/instance.js';
import { seed } from '../src/seed.js';
import { findHook, updateHook } from '../src/store/hooks.js';
import { expectStatus, managementClient, signIn, useInstance } from './helpers.js';

let receiver: WebhookReceiver;

interface ApiHook {
  id: string;
  signingKey: string;
  events: string[];
  config: { url: string; headers?: Record<string, string> };
  enabled: boolean;
}

const ALL_APP_EVENTS = [
  'Organization.Created',
  'Organization.Deleted',
  'Organization.Data.Updated',
  'Organization.Membership.Updated',
  'User.Created',
  'User.Deleted',
  'User.Data.Updated',
];

const { server, api } = useInstance();

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await receiver?.stop();
});

afterEach(async () => {
  // Every hook a test made goes, so the next test sees only its own deliveries.
  receiver.answer({ status: 200, body: { ok: true } });
  await server().hooks.idle();
  const { body } = await api().request<ApiHook[]>('GET', '/api/hooks');
  for (const hook of body) {
    await api().request('DELETE', `/api/hooks/${hook.id}`);
  }
  receiver.clear();
});

async function createHook(events = ALL_APP_EVENTS, extra: Record<string, unknown> = {}): Promise<ApiHook> {
  return expectStatus(
    await api().request<ApiHook>('POST', '/api/hooks', { name: 'test hook', events, config: { url: receiver.url() }, ...extra }),
    201,
  ).body;
}

async function createUser(): Promise<string> {
  const username = `hooked_${Math.random().toString(36).slice(2, 10)}`;
  return expectStatus(await api().request<{ id: string }>('POST', '/api/users', { username, password: 'a-long-password' }), 200)
    .body.id;
}

async function createOrganization(name = 'Hooked Org'): Promise<string> {
  return expectStatus(await api().request<{ id: string }>('POST', '/api/organizations', { name }), 201).body.id;
}

/** The deliveries of one event, once every delivery started so far has finished. */
async function delivered(event: string): Promise<ReceivedWebhook[]> {
  await server().hooks.idle();
  return receiver.received.filter((webhook) => webhook.body?.event === event);
}

describe('hooks CRUD', () => {
  it('starts with no hook when the server has no app URL', async () => {
    expect((await api().request<unknown[]>('GET', '/api/hooks')).body).toEqual([]);
  });

  it('creates a hook with a generated 32-character signing key and Logto\'s shape', async () => {
    const response = await api().request<Record<string, unknown>>('POST', '/api/hooks', {
      name: 'org events',
      events: ['Organization.Created', 'Organization.Created', 'Organization.Membership.Updated'],
      config: { url: receiver.url(), headers: { 'x-test-header': 'from-config' } },
    });
    expectStatus(response, 201);
    expect(response.body).toEqual({
      tenantId: 'default',
      id: expect.stringMatching(/^[a-z0-9]{21}$/),
      name: 'org events',
      event: null,
      events: ['Organization.Created', 'Organization.Membership.Updated'],
      config: { url: receiver.url(), headers: { 'x-test-header': 'from-config' } },
      signingKey: expect.stringMatching(/^[A-Za-z0-9]{32}$/),
      enabled: true,
      createdAt: expect.any(Number),
    });
    const id = String(response.body.id);
    expect((await api().request('GET', `/api/hooks/${id}`)).body).toEqual(response.body);
    expect((await api().request<unknown[]>('GET', '/api/hooks')).body).toEqual([response.body]);
  });

  it('answers Logto\'s errors: no events, an unknown event, an unknown hook', async () => {
    const missing = await api().request('POST', '/api/hooks', { name: 'none', config: { url: receiver.url() } });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ code: 'hook.missing_events', message: 'You need to provide at least one event.' });

    const unknown = await api().request<{ code: string }>('POST', '/api/hooks', {
      events: ['Organization.Nope'],
      config: { url: receiver.url() },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('guard.invalid_input');

    const notFound = await api().request('GET', '/api/hooks/nope');
    expect(notFound.status).toBe(404);
    expect(notFound.body).toEqual({ code: 'entity.not_exists_with_id', message: 'The hooks with ID `nope` does not exist.' });
    expect((await api().request('PATCH', '/api/hooks/nope/signing-key')).status).toBe(404);
    expect((await api().request('DELETE', '/api/hooks/nope')).status).toBe(404);
  });

  it('updates, rotates the signing key, and deletes', async () => {
    const hook = await createHook();
    const updated = expectStatus(
      await api().request<ApiHook>('PATCH', `/api/hooks/${hook.id}`, { events: ['User.Deleted'], enabled: false }),
      200,
    ).body;
    expect(updated).toMatchObject({ events: ['User.Deleted'], enabled: false, signingKey: hook.signingKey });

    const rotated = expectStatus(await api().request<ApiHook>('PATCH', `/api/hooks/${hook.id}/signing-key`), 200).body;
    expect(rotated.signingKey).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(rotated.signingKey).not.toBe(hook.signingKey);
    expect((await api().request<ApiHook>('GET', `/api/hooks/${hook.id}`)).body.signingKey).toBe(rotated.signingKey);

    expect((await api().request('DELETE', `/api/hooks/${hook.id}`)).status).toBe(204);
    expect((await api().request('GET', `/api/hooks/${hook.id}`)).status).toBe(404);
  });
});

describe('POST /api/hooks/:id/test', () => {
  it('delivers Logto\'s test payload to the given URL, signed with the hook\'s key', async () => {
    const hook = await createHook(['Organization.Created'], { config: { url: receiver.url('/not-used') } });
    const response = await api().request('POST', `/api/hooks/${hook.id}/test`, {
      events: ['Organization.Deleted'],
      config: { url: receiver.url('/test-target') },
    });
    expect(response.status).toBe(204);
    const [webhook] = receiver.received;
    expect(receiver.received).toHaveLength(1);
    expect(webhook?.path).toBe('/test-target');
    expect(webhook?.headers['user-agent']).toBe('Logto (https://logto.io/)');
    expect(webhook?.headers['content-type']).toBe('application/json');
    expect(verifyLogtoSignature(webhook?.rawBody ?? '', webhook?.headers['logto-signature-sha-256'], hook.signingKey)).toBe(true);
    expect(webhook?.body).toEqual({
      event: 'Organization.Deleted',
      hookId: hook.id,
      createdAt: expect.any(String),
      userAgent: 'fake-user-agent',
      path: '/fake-path/:id',
      method: 'POST',
      status: 200,
      params: { id: 'fake-id' },
      data: { result: 'success' },
    });
  });

  it('answers 422 when the endpoint fails or cannot be reached', async () => {
    const hook = await createHook();
    receiver.answer({ status: 500, body: { error: 'down' } });
    const failed = await api().request('POST', `/api/hooks/${hook.id}/test`, {
      events: ['Organization.Created'],
      config: { url: receiver.url() },
    });
    expect(failed.status).toBe(422);
    expect(failed.body).toEqual({
      code: 'hook.endpoint_responded_with_error',
      message: 'Endpoint responded with error.',
      data: { responseStatus: 500, responseBody: '{"error":"down"}' },
    });

    const unreachable = await api().request<{ code: string }>('POST', `/api/hooks/${hook.id}/test`, {
      events: ['Organization.Created'],
      config: { url: 'http://127.0.0.1:1/hook' },
    });
    expect(unreachable.status).toBe(422);
    expect(unreachable.body.code).toBe('hook.send_test_payload_failed');
  });
});

describe('event deliveries', () => {
  it('reports organization changes with Logto\'s headers, signature and body', async () => {
    const hook = await createHook(ALL_APP_EVENTS, { config: { url: receiver.url(), headers: { 'x-extra': 'yes' } } });
    const organizationId = await createOrganization();
    await api().request('PATCH', `/api/organizations/${organizationId}`, { name: 'Renamed Org', branding: { logoUrl: 'https://example.test/logo.png' } });

    const [createdEvent] = await delivered('Organization.Created');
    expect(createdEvent?.headers).toMatchObject({
      'user-agent': 'Logto (https://logto.io/)',
      'content-type': 'application/json',
      'x-extra': 'yes',
    });
    expect(verifyLogtoSignature(createdEvent?.rawBody ?? '', createdEvent?.headers['logto-signature-sha-256'], hook.signingKey)).toBe(true);
    expect(Object.keys(createdEvent?.body ?? {})).toEqual([
      'event', 'createdAt', 'userAgent', 'ip', 'path', 'method', 'status', 'params', 'matchedRoute', 'data', 'hookId',
    ]);
    expect(createdEvent?.body).toMatchObject({
      event: 'Organization.Created',
      ip: '127.0.0.1',
      path: '/organizations',
      method: 'POST',
      status: 201,
      params: {},
      matchedRoute: '/organizations',
      data: { id: organizationId, name: 'Hooked Org', tenantId: 'default', customData: {}, isMfaRequired: false },
      hookId: hook.id,
    });

    const [updatedEvent] = await delivered('Organization.Data.Updated');
    expect(updatedEvent?.body).toMatchObject({
      path: `/organizations/${organizationId}`,
      method: 'PATCH',
      status: 200,
      params: { id: organizationId },
      matchedRoute: '/organizations/:id',
      data: { id: organizationId, name: 'Renamed Org', branding: { logoUrl: 'https://example.test/logo.png' } },
    });
  });

  it('reports membership changes with the organization id only, and role assignments not at all', async () => {
    await createHook();
    const organizationId = await createOrganization();
    const userId = await createUser();
    const { body: roles } = await api().request<{ id: string; name: string }[]>('GET', '/api/organization-roles');
    const memberRole = roles.find((role) => role.name === 'member');

    await api().request('POST', `/api/organizations/${organizationId}/users`, { userIds: [userId] });
    const [added] = await delivered('Organization.Membership.Updated');
    expect(added?.body).toEqual({
      event: 'Organization.Membership.Updated',
      createdAt: expect.any(String),
      userAgent: expect.any(String),
      ip: '127.0.0.1',
      path: `/organizations/${organizationId}/users`,
      method: 'POST',
      status: 201,
      params: { id: organizationId },
      matchedRoute: '/organizations/:id/users',
      organizationId,
      hookId: expect.any(String),
    });

    receiver.clear();
    await api().request('POST', `/api/organizations/${organizationId}/users/${userId}/roles`, { organizationRoleIds: [memberRole?.id] });
    await api().request('PUT', `/api/organizations/${organizationId}/users/${userId}/roles`, { organizationRoleIds: [] });
    await api().request('POST', `/api/organizations/${organizationId}/users/roles`, { userIds: [userId], organizationRoleIds: [memberRole?.id] });
    await server().hooks.idle();
    expect(receiver.received).toEqual([]);

    await api().request('DELETE', `/api/organizations/${organizationId}/users/${userId}`);
    const [removed] = await delivered('Organization.Membership.Updated');
    expect(removed?.body).toMatchObject({
      method: 'DELETE',
      status: 204,
      params: { id: organizationId, userId },
      matchedRoute: '/organizations/:id/users/:userId',
      organizationId,
    });
    expect(removed?.body).not.toHaveProperty('data');

    receiver.clear();
    await api().request('PUT', `/api/organizations/${organizationId}/users`, { userIds: [userId] });
    expect((await delivered('Organization.Membership.Updated'))[0]?.body).toMatchObject({ method: 'PUT', status: 204, organizationId });
  });

  it('reports an accepted invitation as a membership change with the organization id alone', async () => {
    await createHook();
    const organizationId = await createOrganization();
    const email = `invitee-${Math.random().toString(36).slice(2, 10)}@example.com`;
    const userId = expectStatus(await api().request<{ id: string }>('POST', '/api/users', { primaryEmail: email }), 200).body.id;
    const invitation = expectStatus(
      await api().request<{ id: string }>('POST', '/api/organization-invitations', {
        invitee: email,
        organizationId,
        expiresAt: Date.now() + 60_000,
      }),
      201,
    ).body;
    receiver.clear();
    await api().request('PUT', `/api/organization-invitations/${invitation.id}/status`, { status: 'Accepted', acceptedUserId: userId });
    const [accepted] = await delivered('Organization.Membership.Updated');
    expect(Object.keys(accepted?.body ?? {})).toEqual(['event', 'createdAt', 'userAgent', 'ip', 'organizationId', 'hookId']);
    expect(accepted?.body?.organizationId).toBe(organizationId);
  });

  it('reports organization deletion without data', async () => {
    await createHook();
    const organizationId = await createOrganization();
    await api().request('DELETE', `/api/organizations/${organizationId}`);
    const [deleted] = await delivered('Organization.Deleted');
    expect(deleted?.body).toMatchObject({
      path: `/organizations/${organizationId}`,
      method: 'DELETE',
      status: 204,
      params: { id: organizationId },
      matchedRoute: '/organizations/:id',
    });
    expect(deleted?.body).not.toHaveProperty('data');
  });

  it('reports users created, updated and deleted', async () => {
    await createHook();
    const userId = await createUser();
    await api().request('PATCH', `/api/users/${userId}`, { name: 'Hook Renamed' });
    await api().request('DELETE', `/api/users/${userId}`);

    expect((await delivered('User.Created'))[0]?.body).toMatchObject({
      path: '/users',
      status: 200,
      data: { id: userId, hasPassword: true },
    });
    expect((await delivered('User.Data.Updated'))[0]?.body).toMatchObject({
      matchedRoute: '/users/:userId',
      params: { userId },
      data: { id: userId, name: 'Hook Renamed', hasPassword: true },
    });
    const [deleted] = await delivered('User.Deleted');
    // The user as it was, picked like Logto's userInfoSelectFields: no hasPassword.
    expect(Object.keys(deleted?.body ?? {})).toEqual([
      'event', 'createdAt', 'userAgent', 'ip', 'data', 'path', 'method', 'status', 'params', 'matchedRoute', 'hookId',
    ]);
    expect(deleted?.body?.data).toMatchObject({ id: userId, name: 'Hook Renamed', isSuspended: false });
    expect(deleted?.body?.data).not.toHaveProperty('hasPassword');
    expect(deleted?.body).toMatchObject({ status: 204, params: { userId }, matchedRoute: '/users/:userId' });
  });

  it('reports sign-ins through the Experience API as PostSignIn', async () => {
    await createHook(['PostSignIn']);
    await signIn(server().endpoint, { type: 'username', value: 'alice' }, DEMO_PASSWORD);
    const [signedIn] = await delivered('PostSignIn');
    expect(signedIn?.body).toMatchObject({
      event: 'PostSignIn',
      interactionEvent: 'SignIn',
      sessionId: expect.any(String),
      userId: expect.any(String),
      user: { username: 'alice' },
      application: { id: 'local-web-app', type: 'Traditional' },
    });
  });

  it('sends nothing to disabled hooks or for events a hook did not subscribe to', async () => {
    await createHook(['User.Deleted']);
    await createHook(ALL_APP_EVENTS, { enabled: false });
    await createOrganization();
    await server().hooks.idle();
    expect(receiver.received).toEqual([]);
  });

  it('never makes the Management API call wait for the receiver', async () => {
    await createHook();
    receiver.answer('hang');
    const response = await api().request('POST', '/api/organizations', { name: 'Not waiting' });
    expect(response.status).toBe(201);
    // The delivery arrived and is still unanswered, yet the call above has returned.
    const pending = await receiver.waitFor((webhook) => webhook.body?.event === 'Organization.Created');
    expect(pending.body?.data).toMatchObject({ name: 'Not waiting' });
  });

  it('keeps recent delivery logs and execution stats like Logto', async () => {
    const hook = await createHook();
    await createOrganization();
    await server().hooks.idle();
    receiver.answer({ status: 500, body: { error: 'down' } });
    await createOrganization();
    await server().hooks.idle();

    const logs = await api().request<{ key: string; payload: { result: string; response?: { statusCode: number } } }[]>(
      'GET',
      `/api/hooks/${hook.id}/recent-logs`,
    );
    expect(logs.status).toBe(200);
    expect(logs.headers.get('total-number')).toBe('2');
    expect(logs.body.map((log) => [log.key, log.payload.result, log.payload.response?.statusCode])).toEqual([
      ['TriggerHook.Organization.Created', 'Error', 500],
      ['TriggerHook.Organization.Created', 'Success', 200],
    ]);
    const withStats = await api().request<{ executionStats: unknown }>('GET', `/api/hooks/${hook.id}?includeExecutionStats=true`);
    expect(withStats.body.executionStats).toEqual({ requestCount: 2, successCount: 1 });
  });
});

describe('the app\'s hook', () => {
  it('is seeded for the app URL with the development signing key', async () => {
    const withApp = await createLocalLogtoInstance({ port: 0, quiet: true, appUrl: 'http://localhost:4000' });
    try {
      const appApi = await managementClient(withApp.endpoint);
      expect((await appApi.request<ApiHook[]>('GET', '/api/hooks')).body).toEqual([
        expect.objectContaining({
          id: APP_HOOK.id,
          events: [...APP_HOOK.events],
          signingKey: 'localLogtoDevelopmentWebhookKey1',
          config: { url: 'http://localhost:4000/api/webhooks/logto' },
          enabled: true,
        }),
      ]);
      const app = await appApi.request<{ oidcClientMetadata: { redirectUris: string[] } }>('GET', '/api/applications/local-web-app');
      expect(app.body.oidcClientMetadata.redirectUris).toContain('http://localhost:4000/callback');
    } finally {
      await withApp.stop();
    }
  });

  it('follows the app URL and the events the app handles on the next start, keeping the key, added events and enabled flag', async () => {
    const database = await openDatabase(undefined);
    try {
      await seed(database, { appUrl: 'http://localhost:3000' });
      // As a data folder from an older app: one event fewer, one added by hand, disabled.
      const [dropped, ...kept] = APP_HOOK.events;
      await updateHook(database, APP_HOOK.id, { enabled: false, events: [...kept, 'Role.Created'] });
      await seed(database, { appUrl: 'http://localhost:4000/' });
      expect(await findHook(database, APP_HOOK.id)).toMatchObject({
        config: { url: 'http://localhost:4000/api/webhooks/logto' },
        signingKey: APP_HOOK.signingKey,
        events: [...kept, 'Role.Created', dropped],
        enabled: false,
      });
    } finally {
      await database.close();
    }
  });
});
