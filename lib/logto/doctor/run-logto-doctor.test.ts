// The doctor against the local Logto: a healthy configuration passes, and each deliberately
// broken one is named, with what to change.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { describe, expect, it } from 'vitest';

import { SIGN_IN_SCOPES } from '@/lib/auth/scopes';
import { LOCAL_LOGTO_DEFAULTS } from '@/lib/env';
import { runLogtoSetup } from '@/lib/logto/setup/run-logto-setup';
import { APP_HOOK } from '@/local-logto/src/constants';
import { useLocalLogto } from '@/tests/support/local-logto';
import { managementApiFor } from '@/tests/support/logto-admin';
import { startWebhookReceiver } from '@/tests/support/webhook-receiver';

import { APP_SIGN_IN_SCOPES } from './doctor-inputs';
import { formatDoctorReport } from './format-doctor-report';
import { runLogtoDoctor, type DoctorCheckId, type DoctorInputs, type DoctorReport } from './run-logto-doctor';

const APP_URL = 'http://localhost:3000';
// The local Logto seeds the app's hook for APP_URL, as `npm run dev` starts it. Nothing this
// file does sends an event that hook subscribes to.
const logto = useLocalLogto({ appUrl: APP_URL });

function healthyInputs(overrides: Partial<DoctorInputs> = {}): DoctorInputs {
  return {
    endpoint: logto().endpoint,
    appUrl: APP_URL,
    webApp: { appId: LOCAL_LOGTO_DEFAULTS.LOGTO_APP_ID, appSecret: LOCAL_LOGTO_DEFAULTS.LOGTO_APP_SECRET },
    m2m: {
      appId: LOCAL_LOGTO_DEFAULTS.LOGTO_M2M_APP_ID,
      appSecret: LOCAL_LOGTO_DEFAULTS.LOGTO_M2M_APP_SECRET,
      managementApiResource: LOCAL_LOGTO_DEFAULTS.LOGTO_MANAGEMENT_API_RESOURCE,
    },
    apiResource: LOCAL_LOGTO_DEFAULTS.LOGTO_API_RESOURCE,
    signIn: { scopes: APP_SIGN_IN_SCOPES, resources: [LOCAL_LOGTO_DEFAULTS.LOGTO_API_RESOURCE] },
    webhookSigningKey: APP_HOOK.signingKey,
    ...overrides,
  };
}

const check = (report: DoctorReport, id: DoctorCheckId) => {
  const found = report.checks.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no ${id} check in the report`);
  return found;
};
const failing = (report: DoctorReport) => report.checks.filter((candidate) => candidate.status === 'fail').map((candidate) => candidate.id);

describe('logto doctor', () => {
  it('passes every check on a healthy setup', async () => {
    const report = await runLogtoDoctor(healthyInputs());
    expect(report.checks.map((candidate) => [candidate.id, candidate.status])).toEqual([
      ['discovery', 'pass'],
      ['webAppCredentials', 'pass'],
      ['m2mToken', 'pass'],
      ['managementApi', 'pass'],
      ['organizationTemplate', 'pass'],
      ['apiResource', 'pass'],
      ['signInScopes', 'pass'],
      ['redirectUris', 'pass'],
      ['webhook', 'pass'],
    ]);
    expect(report.ok).toBe(true);
    expect(formatDoctorReport(report)).toMatch(/All checks passed\.$/);
  });

  it('names an endpoint that differs from the issuer (127.0.0.1 vs localhost) and the value to set', async () => {
    const endpoint = logto().endpoint.replace('localhost', '127.0.0.1');
    const report = await runLogtoDoctor(healthyInputs({ endpoint }));
    expect(failing(report)).toEqual(['discovery']);
    expect(check(report, 'discovery').summary).toBe(
      `the issuer is ${logto().endpoint}/oidc, but the app expects ${endpoint}/oidc: every token would fail verification`,
    );
    expect(check(report, 'discovery').fixes[0]).toContain(`LOGTO_ENDPOINT=${logto().endpoint} `);
    expect(report.ok).toBe(false);
  });

  it('names a wrong M2M secret and skips what needs the Management API', async () => {
    const report = await runLogtoDoctor(healthyInputs({ m2m: { ...healthyInputs().m2m, appSecret: 'not-the-secret' } }));
    expect(failing(report)).toEqual(['m2mToken']);
    expect(check(report, 'm2mToken').summary).toMatch(/rejects LOGTO_M2M_APP_ID local-m2m-app with its secret \(invalid_client\)/);
    expect(check(report, 'm2mToken').fixes.join(' ')).toMatch(/LOGTO_M2M_APP_SECRET/);
    for (const id of ['managementApi', 'organizationTemplate', 'apiResource', 'redirectUris'] as const) {
      expect(check(report, id).status).toBe('skip');
    }
    // Judged against the app's own template when the tenant cannot be read.
    expect(check(report, 'signInScopes').status).toBe('pass');
  });

  it('names a wrong Management API resource', async () => {
    const report = await runLogtoDoctor(
      healthyInputs({ m2m: { ...healthyInputs().m2m, managementApiResource: 'https://wrong-tenant.logto.app/api' } }),
    );
    expect(failing(report)).toEqual(['m2mToken']);
    expect(check(report, 'm2mToken').summary).toMatch(/LOGTO_MANAGEMENT_API_RESOURCE https:\/\/wrong-tenant\.logto\.app\/api is not/);
  });

  it('names a wrong web app secret, and an M2M app given as the web app', async () => {
    const wrongSecret = await runLogtoDoctor(healthyInputs({ webApp: { appId: LOCAL_LOGTO_DEFAULTS.LOGTO_APP_ID, appSecret: 'nope' } }));
    expect(failing(wrongSecret)).toEqual(['webAppCredentials']);
    expect(check(wrongSecret, 'webAppCredentials').summary).toMatch(/rejects LOGTO_APP_ID local-web-app with its secret \(invalid_client\)/);
    expect(check(wrongSecret, 'webAppCredentials').fixes.join(' ')).toMatch(/LOGTO_APP_SECRET/);

    const m2mAsWebApp = await runLogtoDoctor(
      healthyInputs({ webApp: { appId: LOCAL_LOGTO_DEFAULTS.LOGTO_M2M_APP_ID, appSecret: LOCAL_LOGTO_DEFAULTS.LOGTO_M2M_APP_SECRET } }),
    );
    expect(check(m2mAsWebApp, 'webAppCredentials')).toMatchObject({ status: 'fail', summary: expect.stringMatching(/may not use the authorization code grant/) });
    expect(check(m2mAsWebApp, 'redirectUris')).toMatchObject({ status: 'fail', summary: expect.stringMatching(/is a MachineToMachine application/) });
  });

  it('names an organization permission missing from the sign-in scopes', async () => {
    const scopes = APP_SIGN_IN_SCOPES.filter((scope) => scope !== 'invite:members');
    const report = await runLogtoDoctor(healthyInputs({ signIn: { scopes, resources: healthyInputs().signIn.resources } }));
    expect(failing(report)).toEqual(['signInScopes']);
    expect(check(report, 'signInScopes').summary).toBe(
      'organization permissions not requested: invite:members (organization tokens will never carry them)',
    );
    expect(check(report, 'signInScopes').fixes.join(' ')).toMatch(/SIGN_IN_SCOPES in lib\/auth\/scopes\.ts/);
  });

  it('names sign-in requests without organization tokens, create:organizations or the API resource', async () => {
    const report = await runLogtoDoctor(
      healthyInputs({
        signIn: { scopes: SIGN_IN_SCOPES.filter((scope) => scope !== 'urn:logto:scope:organizations' && scope !== 'create:organizations'), resources: [] },
      }),
    );
    const { summary } = check(report, 'signInScopes');
    expect(summary).toMatch(/urn:logto:scope:organizations is not requested/);
    expect(summary).toMatch(/create:organizations is not requested/);
    expect(summary).toMatch(/the API resource https:\/\/saas-starter\.local\/api is not among the sign-in resources/);
  });

  it("names APP_URL's callback when it is not registered on the web app", async () => {
    const report = await runLogtoDoctor(healthyInputs({ appUrl: 'http://localhost:4999' }));
    expect(failing(report)).toEqual(['redirectUris']);
    expect(check(report, 'redirectUris').summary).toContain('redirect URI http://localhost:4999/callback is not registered');
    expect(check(report, 'redirectUris').fixes.join(' ')).toMatch(/Redirect URIs|logto:setup -- --fix/);
  });

  it('names a drifted organization role and what fixes it', async () => {
    const api = managementApiFor(logto().endpoint);
    const owner = (await api.organizationRoles.listAll()).find((role) => role.name === 'owner');
    const deleteScope = owner?.scopes?.find((scope) => scope.name === 'delete:organization');
    if (!owner || !deleteScope) throw new Error('the local Logto has no owner role with delete:organization');
    await api.organizationRoles.removeScope(owner.id, deleteScope.id);
    try {
      const report = await runLogtoDoctor(healthyInputs());
      expect(failing(report)).toEqual(['organizationTemplate']);
      expect(check(report, 'organizationTemplate').summary).toBe('organization role "owner": lacks delete:organization');
      expect(check(report, 'organizationTemplate').fixes[0]).toMatch(/^Run `npm run logto:setup -- --fix`/);
    } finally {
      await api.organizationRoles.addScopes(owner.id, [deleteScope.id]);
    }
  });

  it('reports an unreachable Logto without throwing', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));

    const report = await runLogtoDoctor(healthyInputs({ endpoint: `http://127.0.0.1:${port}`, timeoutMs: 2_000 }));
    expect(report.ok).toBe(false);
    expect(check(report, 'discovery')).toMatchObject({ status: 'fail', summary: expect.stringMatching(/did not answer/) });
    expect(check(report, 'webAppCredentials').status).toBe('skip');
    expect(check(report, 'm2mToken').status).toBe('skip');
  });

  it('turns a network that fails after discovery into failed checks, never an exception', async () => {
    const report = await runLogtoDoctor(
      healthyInputs({
        fetch: (input, init) => {
          if (String(input).endsWith('/.well-known/openid-configuration')) return fetch(input, init);
          throw new TypeError('connection reset');
        },
      }),
    );
    expect(report.ok).toBe(false);
    expect(report.checks.map((candidate) => [candidate.id, candidate.status])).toEqual([
      ['discovery', 'pass'],
      ['webAppCredentials', 'warn'],
      ['m2mToken', 'fail'],
      ['managementApi', 'skip'],
      ['organizationTemplate', 'skip'],
      ['apiResource', 'skip'],
      ['signInScopes', 'pass'],
      ['redirectUris', 'skip'],
      ['webhook', 'skip'],
    ]);
  });
});

describe('logto doctor: the webhook to the app', () => {
  it('names a LOGTO_WEBHOOK_SIGNING_KEY that is not the hook\'s key (fail) or is not set (warn)', async () => {
    const wrong = check(await runLogtoDoctor(healthyInputs({ webhookSigningKey: 'not-the-key' })), 'webhook');
    expect(wrong).toMatchObject({ status: 'fail', summary: expect.stringMatching(/is not the hook's signing key/) });
    expect(wrong.fixes.join(' ')).toMatch(/npm run logto:setup -- --fix/);

    const unset = check(await runLogtoDoctor(healthyInputs({ webhookSigningKey: undefined })), 'webhook');
    expect(unset).toMatchObject({ status: 'warn', summary: expect.stringMatching(/LOGTO_WEBHOOK_SIGNING_KEY is not set/) });
  });

  it('warns when no hook delivers to APP_URL, naming the hooks that deliver elsewhere', async () => {
    const report = await runLogtoDoctor(healthyInputs({ appUrl: 'http://localhost:4999' }));
    expect(check(report, 'webhook')).toMatchObject({
      status: 'warn',
      summary: expect.stringMatching(
        /^no webhook delivers to http:\/\/localhost:4999\/api\/webhooks\/logto: .*hooks deliver to http:\/\/localhost:3000\/api\/webhooks\/logto/,
      ),
      fixes: [expect.stringMatching(/npm run logto:setup/)],
    });
  });

  it('warns that a cloud tenant cannot reach a localhost APP_URL, with how to test webhooks locally', async () => {
    // A tenant on another host: every request to it is answered by the local Logto.
    const cloud = 'https://tenant.example.com';
    const report = await runLogtoDoctor(
      healthyInputs({
        endpoint: cloud,
        fetch: (input, init) =>
          input instanceof Request
            ? fetch(new Request(input.url.replace(cloud, logto().endpoint), input))
            : fetch(String(input).replace(cloud, logto().endpoint), init),
      }),
    );
    const webhook = check(report, 'webhook');
    expect(webhook.status).toBe('warn');
    expect(webhook.summary).toMatch(/is on this machine, which https:\/\/tenant.example.com cannot reach/);
    expect(webhook.fixes.join(' ')).toMatch(/tunnel .*set APP_URL to the tunnel's https URL/);
  });

  it('with a test delivery, tells an app that accepts the signature from one that refuses it', async () => {
    const app = await startWebhookReceiver();
    const appUrl = new URL(app.url()).origin;
    const api = managementApiFor(logto().endpoint);
    const hookId = (
      await api.hooks.create({ name: 'doctor test', events: ['Organization.Created'], config: { url: `${appUrl}/api/webhooks/logto` } })
    ).id;
    try {
      const { signingKey } = (await api.hooks.list()).find((hook) => hook.id === hookId) ?? { signingKey: '' };
      const inputs = healthyInputs({ appUrl, webhookSigningKey: signingKey, testWebhookDelivery: true });
      const accepted = check(await runLogtoDoctor(inputs), 'webhook');
      expect(accepted.summary).toMatch(/a test delivery to .* was accepted/);
      expect(app.received.map((webhook) => webhook.path)).toEqual(['/api/webhooks/logto']);

      app.answer({ status: 401, body: { error: 'invalid_signature' } });
      const refused = check(await runLogtoDoctor(inputs), 'webhook');
      expect(refused).toMatchObject({ status: 'fail', summary: expect.stringMatching(/refused a test delivery's signature \(401\)/) });
    } finally {
      await api.request('DELETE', `/hooks/${hookId}`);
      await app.stop();
    }
  });
});

describe('the local Logto seeds what logto:setup provisions', () => {
  it('setup finds nothing to change and the doctor passes', async () => {
    const api = managementApiFor(logto().endpoint);
    const setup = await runLogtoSetup({
      api,
      apiResource: LOCAL_LOGTO_DEFAULTS.LOGTO_API_RESOURCE,
      webAppId: LOCAL_LOGTO_DEFAULTS.LOGTO_APP_ID,
      appUrl: APP_URL,
      webhookSigningKey: APP_HOOK.signingKey,
    });
    // The local Logto seeds exactly what setup would create, the app's hook and its key included.
    expect(new Set(setup.rows.map((row) => row.result))).toEqual(new Set(['already right']));
    expect((await runLogtoDoctor(healthyInputs())).ok).toBe(true);
  });
});
