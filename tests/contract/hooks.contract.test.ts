// Webhooks: /api/hooks CRUD with the signing key, key rotation, test deliveries and the
// organization and user events (reference samples 93-hooks, 93-webhook-deliveries,
// 96-webhook-events). Deliveries go to a receiver this file starts on a free loopback port,
// which only a Logto on this machine can reach: against any other tenant those cases are
// skipped (with the reason) and the CRUD cases still run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { isLoopbackUrl } from '../../lib/http/loopback';
import { startWebhookReceiver, verifyLogtoSignature, type ReceivedWebhook, type WebhookReceiver } from '../support/webhook-receiver';
import { expectJson, expectLogtoError, expectNoContent, expectStatus } from './support/assertions';
import { contractContext } from './support/context';
import { Fixtures } from './support/fixtures';
import { hookSchema, managementApiDeliverySchema, type Hook } from './support/logto-schemas';
import { contractName } from './support/random';

const { api, target } = contractContext();
const fixtures = new Fixtures(api);

const reachesLoopback = target.kind === 'local' || isLoopbackUrl(target.endpoint);
const SKIP_REASON = `${target.endpoint} cannot reach a receiver on this machine's loopback interface (deliveries are checked against a Logto on localhost only)`;

const ORGANIZATION_AND_USER_EVENTS = [
  'Organization.Created',
  'Organization.Deleted',
  'Organization.Data.Updated',
  'Organization.Membership.Updated',
  'User.Created',
  'User.Deleted',
  'User.Data.Updated',
];

/** Exactly these fields: no `data`, no user ids. */
const membershipDeliverySchema = z.strictObject({
  ...managementApiDeliverySchema.shape,
  userAgent: z.string().optional(),
  ip: z.string().optional(),
  organizationId: z.string(),
});

let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await fixtures.cleanup();
  await receiver?.stop();
});

async function createHook(body: Record<string, unknown>): Promise<Hook> {
  const hook = expectJson(await api.post('/api/hooks', body), 201, hookSchema);
  fixtures.deleteLater(`/api/hooks/${hook.id}`);
  return hook;
}

/** The first delivery to `path` of `event` matching `match`, checked for Logto's headers and signature. */
async function signedDelivery(
  hook: Hook,
  path: string,
  event: string,
  match: (body: Record<string, unknown>) => boolean = () => true,
): Promise<ReceivedWebhook & { body: Record<string, unknown> }> {
  const webhook = await receiver.waitFor(
    (received) => received.path === path && received.body?.event === event && match(received.body),
    10_000,
  );
  expect(webhook.method).toBe('POST');
  expect(webhook.headers['user-agent']).toBe('Logto (https://logto.io/)');
  expect(webhook.headers['content-type']).toBe('application/json');
  expect(verifyLogtoSignature(webhook.rawBody, webhook.headers['logto-signature-sha-256'], hook.signingKey)).toBe(true);
  return { ...webhook, body: webhook.body ?? {} };
}

describe('/api/hooks CRUD', () => {
  it('creates a hook: 201 with the signing key, events deduplicated, `event` null', async () => {
    const name = contractName('hook');
    const hook = await createHook({
      name,
      events: ['Organization.Created', 'Organization.Membership.Updated', 'Organization.Created'],
      config: { url: 'https://example.com/contract-hook', headers: { 'x-test-header': 'from-config' } },
    });
    expect(hook).toMatchObject({
      name,
      event: null,
      events: ['Organization.Created', 'Organization.Membership.Updated'],
      config: { url: 'https://example.com/contract-hook', headers: { 'x-test-header': 'from-config' } },
      enabled: true,
    });

    expect(expectJson(await api.get(`/api/hooks/${hook.id}`), 200, hookSchema)).toEqual(hook);
    const list = expectJson(await api.get('/api/hooks'), 200, z.array(hookSchema));
    expect(list).toContainEqual(hook);
  });

  it('refuses a hook without events (hook.missing_events) or with an unknown event (guard.invalid_input)', async () => {
    expectLogtoError(await api.post('/api/hooks', { name: contractName('none'), config: { url: 'https://example.com/h' } }), 400, {
      code: 'hook.missing_events',
      message: 'You need to provide at least one event.',
    });
    expectLogtoError(
      await api.post('/api/hooks', { name: contractName('bad'), events: ['Organization.Nope'], config: { url: 'https://example.com/h' } }),
      400,
      { code: 'guard.invalid_input' },
    );
  });

  it('updates events, config and enabled; the signing key stays', async () => {
    const hook = await createHook({ name: contractName('hook'), events: ['User.Deleted'], config: { url: 'https://example.com/a' } });
    const updated = expectJson(
      await api.patch(`/api/hooks/${hook.id}`, { events: ['Organization.Deleted'], config: { url: 'https://example.com/b' }, enabled: false }),
      200,
      hookSchema,
    );
    expect(updated).toEqual({ ...hook, events: ['Organization.Deleted'], config: { url: 'https://example.com/b' }, enabled: false });
  });

  it('rotates the signing key with PATCH /api/hooks/:id/signing-key (there is no GET)', async () => {
    const hook = await createHook({ name: contractName('hook'), events: ['User.Deleted'], config: { url: 'https://example.com/a' } });
    const rotated = expectJson(await api.patch(`/api/hooks/${hook.id}/signing-key`), 200, hookSchema);
    expect(rotated).toEqual({ ...hook, signingKey: rotated.signingKey });
    expect(rotated.signingKey).not.toBe(hook.signingKey);
    expect(expectJson(await api.get(`/api/hooks/${hook.id}`), 200, hookSchema).signingKey).toBe(rotated.signingKey);
    expectStatus(await api.get(`/api/hooks/${hook.id}/signing-key`), 405);
  });

  it('deletes a hook: 204, then 404 entity.not_exists_with_id', async () => {
    const hook = await createHook({ name: contractName('hook'), events: ['User.Deleted'], config: { url: 'https://example.com/a' } });
    expectNoContent(await api.delete(`/api/hooks/${hook.id}`));
    expectLogtoError(await api.get(`/api/hooks/${hook.id}`), 404, {
      code: 'entity.not_exists_with_id',
      message: `The hooks with ID \`${hook.id}\` does not exist.`,
    });
    expectLogtoError(await api.patch(`/api/hooks/${hook.id}/signing-key`), 404, { code: 'entity.not_exists_with_id' });
  });
});

describe('POST /api/hooks/:id/test', () => {
  it('delivers Logto\'s test payload to the given config, signed with the current key', async ({ skip }) => {
    skip(!reachesLoopback, SKIP_REASON);
    const hook = await createHook({ name: contractName('hook'), events: ['Organization.Created'], config: { url: receiver.url('/configured') } });
    expectNoContent(await api.post(`/api/hooks/${hook.id}/test`, { events: ['Organization.Created'], config: { url: receiver.url('/test-1') } }));
    const first = await signedDelivery(hook, '/test-1', 'Organization.Created');
    expect(first.body).toEqual({
      event: 'Organization.Created',
      hookId: hook.id,
      createdAt: expect.any(String),
      userAgent: 'fake-user-agent',
      path: '/fake-path/:id',
      method: 'POST',
      status: 200,
      params: { id: 'fake-id' },
      data: { result: 'success' },
    });

    const rotated = expectJson(await api.patch(`/api/hooks/${hook.id}/signing-key`), 200, hookSchema);
    expectNoContent(await api.post(`/api/hooks/${hook.id}/test`, { events: ['Organization.Deleted'], config: { url: receiver.url('/test-2') } }));
    const second = await signedDelivery(rotated, '/test-2', 'Organization.Deleted');
    expect(verifyLogtoSignature(second.rawBody, second.headers['logto-signature-sha-256'], hook.signingKey)).toBe(false);
  });

  it('answers 422 hook.endpoint_responded_with_error when the endpoint fails', async ({ skip }) => {
    skip(!reachesLoopback, SKIP_REASON);
    const hook = await createHook({ name: contractName('hook'), events: ['Organization.Created'], config: { url: receiver.url('/failing') } });
    receiver.answer({ status: 500, body: { error: 'down' } });
    try {
      expectLogtoError(
        await api.post(`/api/hooks/${hook.id}/test`, { events: ['Organization.Created'], config: { url: receiver.url('/failing') } }),
        422,
        { code: 'hook.endpoint_responded_with_error', data: { responseStatus: 500, responseBody: '{"error":"down"}' } },
      );
    } finally {
      receiver.answer({ status: 200, body: { ok: true } });
    }
  });
});

describe('organization and user events', () => {
  it('delivers organization, membership and user events with Logto\'s body shapes', async ({ skip }) => {
    skip(!reachesLoopback, SKIP_REASON);
    const path = `/events-${contractName()}`;
    const hook = await createHook({ name: contractName('hook'), events: ORGANIZATION_AND_USER_EVENTS, config: { url: receiver.url(path) } });
    const template = await fixtures.createOrganizationTemplate();

    const user = await fixtures.createUser();
    const createdUser = await signedDelivery(hook, path, 'User.Created', (body) => isRecord(body.data) && body.data.id === user.id);
    expect(managementApiDeliverySchema.parse(createdUser.body)).toMatchObject({ path: '/users', method: 'POST', matchedRoute: '/users' });
    expect(createdUser.body.data).toMatchObject({ id: user.id, username: user.username, hasPassword: true });

    const organization = await fixtures.createOrganization();
    const created = await signedDelivery(hook, path, 'Organization.Created', (body) => isRecord(body.data) && body.data.id === organization.id);
    expect(managementApiDeliverySchema.parse(created.body)).toMatchObject({
      path: '/organizations',
      method: 'POST',
      status: 201,
      params: {},
      matchedRoute: '/organizations',
      hookId: hook.id,
    });
    expect(created.body.data).toEqual(organization);

    const renamed = contractName('renamed');
    expectStatus(await api.patch(`/api/organizations/${organization.id}`, { name: renamed }), 200);
    const updated = await signedDelivery(hook, path, 'Organization.Data.Updated', (body) => isRecord(body.data) && body.data.name === renamed);
    expect(managementApiDeliverySchema.parse(updated.body)).toMatchObject({
      path: `/organizations/${organization.id}`,
      method: 'PATCH',
      status: 200,
      params: { id: organization.id },
      matchedRoute: '/organizations/:id',
    });

    const isMembershipOf = (method: string) => (body: Record<string, unknown>) =>
      body.organizationId === organization.id && body.method === method;
    expectStatus(await api.post(`/api/organizations/${organization.id}/users`, { userIds: [user.id] }), 201);
    const added = await signedDelivery(hook, path, 'Organization.Membership.Updated', isMembershipOf('POST'));
    // Logto 1.37 names the organization only: not who joined or left.
    expect(membershipDeliverySchema.parse(added.body)).toMatchObject({
      path: `/organizations/${organization.id}/users`,
      status: 201,
      params: { id: organization.id },
      matchedRoute: '/organizations/:id/users',
    });

    // Assigning an organization role sends no event; the removal after it is the barrier.
    expectStatus(
      await api.post(`/api/organizations/${organization.id}/users/${user.id}/roles`, { organizationRoleIds: [template.roles.member.id] }),
      201,
    );
    expectNoContent(await api.delete(`/api/organizations/${organization.id}/users/${user.id}`));
    const removed = await signedDelivery(hook, path, 'Organization.Membership.Updated', isMembershipOf('DELETE'));
    expect(removed.body).toMatchObject({ status: 204, params: { id: organization.id, userId: user.id }, matchedRoute: '/organizations/:id/users/:userId' });
    expect(receiver.received.filter((webhook) => webhook.path === path && String(webhook.body?.path).includes('/roles'))).toEqual([]);

    expectNoContent(await api.delete(`/api/organizations/${organization.id}`));
    const deleted = await signedDelivery(hook, path, 'Organization.Deleted', (body) => body.path === `/organizations/${organization.id}`);
    expect(managementApiDeliverySchema.parse(deleted.body)).toMatchObject({ method: 'DELETE', status: 204, matchedRoute: '/organizations/:id' });
    expect(deleted.body).not.toHaveProperty('data');

    expectNoContent(await api.delete(`/api/users/${user.id}`));
    const userDeleted = await signedDelivery(hook, path, 'User.Deleted', (body) => isRecord(body.data) && body.data.id === user.id);
    expect(managementApiDeliverySchema.parse(userDeleted.body)).toMatchObject({ status: 204, params: { userId: user.id }, matchedRoute: '/users/:userId' });
    // The user as Logto read it before deleting: its info fields, without hasPassword.
    expect(userDeleted.body.data).toMatchObject({ id: user.id, username: user.username, isSuspended: false });
    expect(userDeleted.body.data).not.toHaveProperty('hasPassword');
  });
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
