// The configuration doctor: checks that the app can work against a Logto tenant, and says
// for every problem what to change and where. Inputs are explicit (no environment reads) so
// tests feed it broken setups; `npm run logto:doctor` and the server start (instrumentation.ts)
// pass the app's configuration. It never throws: every failure becomes a failed check.
//
// No `import 'server-only'`: the CLI runs this under tsx, where that marker throws.
import { decodeJwt } from 'jose';
import { z } from 'zod';

import { CREATE_ORGANIZATIONS } from '@/lib/auth/scopes';
import { isLoopbackUrl } from '@/lib/http/loopback';
import { createManagementApi, LogtoApiError } from '@/lib/logto/management-api';
import { callbackUri, desiredLogtoState, WEBHOOK_PATH, type DesiredLogtoState } from '@/lib/logto/setup/desired-state';
import { findAppHook, planLogtoSetup, type PlanItem } from '@/lib/logto/setup/plan-logto-setup';
import { readTenantSnapshot, type TenantSnapshot } from '@/lib/logto/setup/read-tenant-snapshot';

import { describeFetchError, probeWebAppCredentials } from './probe-web-app-credentials';

export type DoctorInputs = {
  /** LOGTO_ENDPOINT, without a trailing slash. */
  endpoint: string;
  /** APP_URL, without a trailing slash. */
  appUrl: string;
  /** LOGTO_APP_ID / LOGTO_APP_SECRET: the Traditional web app users sign in through. */
  webApp: { appId: string; appSecret: string };
  /** LOGTO_M2M_APP_ID / LOGTO_M2M_APP_SECRET / LOGTO_MANAGEMENT_API_RESOURCE. */
  m2m: { appId: string; appSecret: string; managementApiResource: string };
  /** LOGTO_API_RESOURCE */
  apiResource: string;
  /** What the app's sign-in asks for (lib/logto/config.ts: `scopes` and `resources`). */
  signIn: { scopes: readonly string[]; resources: readonly string[] };
  /** LOGTO_WEBHOOK_SIGNING_KEY, when set. */
  webhookSigningKey?: string;
  /** Also ask Logto for a test delivery to the app's webhook (the app must be running). */
  testWebhookDelivery?: boolean;
  fetch?: typeof fetch;
  timeoutMs?: number;
};

export const DOCTOR_CHECKS = {
  discovery: 'OIDC discovery and issuer',
  webAppCredentials: 'Web app credentials',
  m2mToken: 'M2M token for the Management API',
  managementApi: 'Management API access',
  organizationTemplate: 'Organization template',
  apiResource: 'API resource and default role',
  signInScopes: 'Sign-in scopes',
  redirectUris: 'Web app redirect URIs',
  webhook: 'Webhook to the app',
} as const;

export type DoctorCheckId = keyof typeof DOCTOR_CHECKS;

export type DoctorCheck = {
  id: DoctorCheckId;
  title: string;
  status: 'pass' | 'fail' | 'warn' | 'skip';
  /** One line: what was found. */
  summary: string;
  /** What to change and where (Logto Console path or environment variable); empty on pass. */
  fixes: string[];
};

export type DoctorReport = { endpoint: string; ok: boolean; checks: DoctorCheck[] };

const ORGANIZATIONS_SCOPE = 'urn:logto:scope:organizations';

export async function runLogtoDoctor(inputs: DoctorInputs): Promise<DoctorReport> {
  const { endpoint, appUrl, timeoutMs = 10_000 } = inputs;
  const doFetch = inputs.fetch ?? ((input, init) => fetch(input, init));
  const checks: DoctorCheck[] = [];
  const add = (id: DoctorCheckId, status: DoctorCheck['status'], summary: string, fixes: string[] = []) => {
    checks.push({ id, title: DOCTOR_CHECKS[id], status, summary, fixes });
  };
  const guarded = async (id: DoctorCheckId, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      add(id, 'fail', `the check itself failed: ${describeError(error)}`);
    }
  };

  // 1. Discovery, and the issuer every token is verified against.
  let tokenEndpoint: string | undefined;
  await guarded('discovery', async () => {
    const result = await checkDiscovery(endpoint, doFetch, timeoutMs);
    tokenEndpoint = result.tokenEndpoint;
    add('discovery', result.status, result.summary, result.fixes);
  });

  // 2. Web app credentials (needs the token endpoint).
  await guarded('webAppCredentials', async () => {
    if (!tokenEndpoint) {
      add('webAppCredentials', 'skip', 'skipped: discovery failed');
      return;
    }
    const probe = await probeWebAppCredentials({
      tokenEndpoint,
      appId: inputs.webApp.appId,
      appSecret: inputs.webApp.appSecret,
      redirectUri: callbackUri(appUrl),
      fetch: doFetch,
      timeoutMs,
    });
    switch (probe.outcome) {
      case 'accepted':
        add('webAppCredentials', 'pass', `the token endpoint accepts ${inputs.webApp.appId} and its secret`);
        return;
      case 'rejected':
        add('webAppCredentials', 'fail', `the token endpoint rejects LOGTO_APP_ID ${inputs.webApp.appId} with its secret (${probe.error})`, [
          'Copy the App ID and App secret of your Traditional web app from Logto Console > Applications > (your web app) into LOGTO_APP_ID and LOGTO_APP_SECRET.',
          'A Single page or Native app has no secret: the app needs a Traditional web application.',
        ]);
        return;
      case 'wrong-app-type':
        add('webAppCredentials', 'fail', `${inputs.webApp.appId} authenticates but may not use the authorization code grant (${probe.error})`, [
          'LOGTO_APP_ID must be a Traditional web application (Logto Console > Applications > Create application > Traditional web), not a machine-to-machine app.',
        ]);
        return;
      case 'inconclusive':
        add('webAppCredentials', 'warn', `could not tell: ${probe.reason}`, ['Check LOGTO_APP_ID and LOGTO_APP_SECRET against Logto Console > Applications > (your web app).']);
        return;
    }
  });

  // 3. The M2M token, then 4. the Management API itself (reading what the app expects).
  const api = createManagementApi({
    endpoint,
    appId: inputs.m2m.appId,
    appSecret: inputs.m2m.appSecret,
    resource: inputs.m2m.managementApiResource,
    fetch: doFetch,
    timeoutMs,
  });
  let tokenOk = false;
  await guarded('m2mToken', async () => {
    if (!tokenEndpoint) {
      add('m2mToken', 'skip', 'skipped: discovery failed');
      return;
    }
    const result = await checkM2mToken(api, inputs);
    tokenOk = result.status === 'pass';
    add('m2mToken', result.status, result.summary, result.fixes);
  });

  const desired = desiredLogtoState({
    apiResource: inputs.apiResource,
    webAppId: inputs.webApp.appId,
    appUrl,
    webhookSigningKey: inputs.webhookSigningKey,
  });
  let snapshot: TenantSnapshot | undefined;
  await guarded('managementApi', async () => {
    if (!tokenOk) {
      add('managementApi', 'skip', 'skipped: no Management API token');
      return;
    }
    try {
      snapshot = await readTenantSnapshot(api, desired);
      add('managementApi', 'pass', 'the M2M app reads resources, roles, the organization template and applications');
    } catch (error) {
      add('managementApi', 'fail', `reading the tenant failed: ${describeError(error)}`, managementApiFixes(error));
    }
  });

  // 5-8. What the app expects in the tenant, judged by the same plan `logto:setup` uses.
  const plan = snapshot ? planLogtoSetup(desired, snapshot) : undefined;
  const skipped = 'skipped: the Management API could not be read';
  await guarded('organizationTemplate', async () => {
    if (!plan) return add('organizationTemplate', 'skip', skipped);
    const items = plan.filter((item) => item.area === 'organizationTemplate');
    addPlanCheck(add, 'organizationTemplate', items, `${desired.organizationScopes.length} permissions and ${desired.organizationRoles.length} roles as the app expects`);
  });
  await guarded('apiResource', async () => {
    if (!plan) return add('apiResource', 'skip', skipped);
    const items = plan.filter((item) => item.area === 'apiResource' || item.area === 'defaultRole');
    addPlanCheck(add, 'apiResource', items, `${inputs.apiResource} with ${CREATE_ORGANIZATIONS}, granted to new users by a default role`);
  });
  await guarded('signInScopes', async () => {
    const result = checkSignInScopes(inputs, desired, snapshot);
    add('signInScopes', result.status, result.summary, result.fixes);
  });
  await guarded('redirectUris', async () => {
    if (!plan) return add('redirectUris', 'skip', skipped);
    const items = plan.filter((item) => item.area === 'webApp');
    addPlanCheck(add, 'redirectUris', items, `${desired.webApp.redirectUris.join(', ')} and ${desired.webApp.postLogoutRedirectUris.join(', ')} are registered`);
  });

  await guarded('webhook', async () => {
    if (!snapshot) return add('webhook', 'skip', skipped);
    const result = await checkWebhook(api, inputs, desired, snapshot);
    add('webhook', result.status, result.summary, result.fixes);
  });

  return { endpoint, ok: checks.every((check) => check.status !== 'fail'), checks };
}

type CheckResult = { status: DoctorCheck['status']; summary: string; fixes: string[] };

/**
 * The app's hook: it exists for `${APP_URL}/api/webhooks/logto`, is enabled, sends the events
 * the app handles, and signs with LOGTO_WEBHOOK_SIGNING_KEY (compared with the key the
 * Management API returns: offline and exact). Optionally a test delivery shows that Logto
 * reaches the app and that the app accepts the signature.
 */
async function checkWebhook(
  api: ReturnType<typeof createManagementApi>,
  inputs: DoctorInputs,
  desired: DesiredLogtoState,
  snapshot: TenantSnapshot,
): Promise<CheckResult> {
  const { url, events } = desired.webhook;
  const unreachable = isLoopbackUrl(url) && !isLoopbackUrl(inputs.endpoint);
  const tunnelFix = `Logto at ${inputs.endpoint} cannot reach ${new URL(url).origin} on this machine. To test webhooks locally, expose the app through a tunnel (for example \`cloudflared tunnel --url ${new URL(url).origin}\` or \`ngrok http ${new URL(url).port || '80'}\`), set APP_URL to the tunnel's https URL and run \`npm run logto:setup\` again; or use the local Logto (leave LOGTO_ENDPOINT unset), which delivers to localhost.`;
  const hook = findAppHook(desired, snapshot);
  if (!hook) {
    const elsewhere = snapshot.hooks.filter((candidate) => candidate.config.url.endsWith(WEBHOOK_PATH)).map((candidate) => candidate.config.url);
    return {
      status: 'warn',
      summary:
        `no webhook delivers to ${url}: changes made outside the app reach it only when its mirrored data expires` +
        (elsewhere.length > 0 ? ` (hooks deliver to ${elsewhere.join(', ')}: another APP_URL?)` : ''),
      fixes: [
        `Run \`npm run logto:setup\` (creates the hook and prints its signing key), or create one in Logto Console > Webhooks for ${url} with the events ${events.join(', ')}.`,
        ...(unreachable ? [tunnelFix] : []),
      ],
    };
  }

  const problems: string[] = [];
  const fixes: string[] = [];
  let status: DoctorCheck['status'] = 'pass';
  const missingEvents = events.filter((event) => !hook.events.includes(event));
  if (missingEvents.length > 0 || !hook.enabled) {
    status = 'warn';
    if (missingEvents.length > 0) problems.push(`the hook does not send ${missingEvents.join(', ')}`);
    if (!hook.enabled) problems.push('the hook is disabled');
    fixes.push('Run `npm run logto:setup -- --fix`, or change the hook in Logto Console > Webhooks.');
  }
  if (inputs.webhookSigningKey === undefined) {
    status = status === 'pass' ? 'warn' : status;
    problems.push('LOGTO_WEBHOOK_SIGNING_KEY is not set, so the app refuses every delivery');
    fixes.push("Set LOGTO_WEBHOOK_SIGNING_KEY to the hook's signing key (Logto Console > Webhooks > (the hook) > Signing key; `npm run logto:setup` prints it).");
  } else if (inputs.webhookSigningKey !== hook.signingKey) {
    status = 'fail';
    problems.push("LOGTO_WEBHOOK_SIGNING_KEY is not the hook's signing key: the app refuses every delivery");
    fixes.push(
      "Set LOGTO_WEBHOOK_SIGNING_KEY to the hook's signing key (Logto Console > Webhooks > (the hook) > Signing key), or run `npm run logto:setup -- --fix` to rotate it and print the new one.",
    );
  }
  if (unreachable) {
    status = status === 'fail' ? 'fail' : 'warn';
    problems.push(`${url} is on this machine, which ${inputs.endpoint} cannot reach`);
    fixes.push(tunnelFix);
  } else if (inputs.testWebhookDelivery) {
    const delivery = await testDelivery(api, hook.id, url);
    if (delivery.status !== 'pass') status = status === 'fail' || delivery.status === 'fail' ? 'fail' : 'warn';
    problems.push(delivery.summary);
    fixes.push(...delivery.fixes);
  }
  const summary = problems.length > 0 ? problems.join('; ') : `${url} gets ${events.length} events, signed with LOGTO_WEBHOOK_SIGNING_KEY`;
  return { status, summary, fixes };
}

/** Event of the test delivery: one the app ignores, so only the signature check and the answer matter. */
const PROBE_EVENT = 'PostSignIn';

async function testDelivery(api: ReturnType<typeof createManagementApi>, hookId: string, url: string): Promise<CheckResult> {
  try {
    await api.hooks.test(hookId, { event: PROBE_EVENT, url });
    return { status: 'pass', summary: `a test delivery to ${url} was accepted`, fixes: [] };
  } catch (error) {
    if (error instanceof LogtoApiError && error.code === 'hook.endpoint_responded_with_error') {
      const answered = z.object({ responseStatus: z.number() }).safeParse(error.data).data?.responseStatus;
      if (answered === 401) {
        return {
          status: 'fail',
          summary: `the app refused a test delivery's signature (401): the running app verifies with another key`,
          fixes: ["Restart the app with LOGTO_WEBHOOK_SIGNING_KEY set to the hook's signing key."],
        };
      }
      return { status: 'warn', summary: `the app answered a test delivery with HTTP ${answered ?? '?'}`, fixes: ['Check the app logs for POST /api/webhooks/logto.'] };
    }
    return {
      status: 'warn',
      summary: `Logto could not deliver a test payload to ${url} (${describeError(error)})`,
      fixes: ['Start the app (or check that APP_URL is the URL Logto can reach), then run the doctor again.'],
    };
  }
}

const discoverySchema = z.object({ issuer: z.string(), token_endpoint: z.string() });

async function checkDiscovery(endpoint: string, doFetch: typeof fetch, timeoutMs: number) {
  const url = `${endpoint}/oidc/.well-known/openid-configuration`;
  const expectedIssuer = `${endpoint}/oidc`;
  const unreachable = (summary: string) => ({
    status: 'fail' as const,
    summary,
    tokenEndpoint: undefined,
    fixes: [
      'Set LOGTO_ENDPOINT to your tenant URL without /oidc: https://<tenant-id>.logto.app for Logto Cloud (or your custom domain), your Logto URL when self-hosted.',
      'Make sure this server can reach it (proxy, firewall, DNS).',
    ],
  });
  let response: Response;
  try {
    response = await doFetch(url, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' });
  } catch (error) {
    return unreachable(`${url} did not answer (${describeFetchError(error)})`);
  }
  if (!response.ok) return unreachable(`${url} answered HTTP ${response.status}`);
  const parsed = discoverySchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) return unreachable(`${url} did not answer with an OpenID Provider configuration`);

  const { issuer, token_endpoint: tokenEndpoint } = parsed.data;
  if (issuer !== expectedIssuer) {
    const suggested = issuer.endsWith('/oidc') ? issuer.slice(0, -'/oidc'.length) : undefined;
    return {
      status: 'fail' as const,
      summary: `the issuer is ${issuer}, but the app expects ${expectedIssuer}: every token would fail verification`,
      // Still usable for the next checks: the server answered.
      tokenEndpoint,
      fixes: [
        suggested
          ? `Set LOGTO_ENDPOINT=${suggested} (exactly the issuer without /oidc: same scheme, host and port).`
          : 'Set LOGTO_ENDPOINT so that `${LOGTO_ENDPOINT}/oidc` equals the issuer.',
        'Self-hosted Logto: its ENDPOINT setting must be the public URL the app uses.',
      ],
    };
  }
  return { status: 'pass' as const, summary: `issuer ${issuer}`, tokenEndpoint, fixes: [] };
}

async function checkM2mToken(api: ReturnType<typeof createManagementApi>, inputs: DoctorInputs) {
  const { appId, managementApiResource } = inputs.m2m;
  let token: string;
  try {
    token = await api.getToken();
  } catch (error) {
    const code = error instanceof LogtoApiError ? error.code : undefined;
    if (code === 'oidc.invalid_client') {
      return {
        status: 'fail' as const,
        summary: `Logto rejects LOGTO_M2M_APP_ID ${appId} with its secret (invalid_client)`,
        fixes: ['Copy the App ID and App secret of your machine-to-machine app from Logto Console > Applications > (your M2M app) into LOGTO_M2M_APP_ID and LOGTO_M2M_APP_SECRET.'],
      };
    }
    if (code === 'oidc.invalid_target') {
      return {
        status: 'fail' as const,
        summary: `LOGTO_MANAGEMENT_API_RESOURCE ${managementApiResource} is not this tenant's Management API`,
        fixes: ['Set LOGTO_MANAGEMENT_API_RESOURCE=https://<tenant-id>.logto.app/api on Logto Cloud, https://default.logto.app/api when self-hosted (Logto Console > API resources > Logto Management API).'],
      };
    }
    if (code === 'oidc.unauthorized_client' || code === 'oidc.invalid_request') {
      return {
        status: 'fail' as const,
        summary: `${appId} may not use client credentials (${describeError(error)})`,
        fixes: ['LOGTO_M2M_APP_ID must be a machine-to-machine application (Logto Console > Applications > Create application > Machine-to-machine).'],
      };
    }
    return { status: 'fail' as const, summary: `the token request failed: ${describeError(error)}`, fixes: ['Check LOGTO_ENDPOINT, LOGTO_M2M_APP_ID and LOGTO_M2M_APP_SECRET.'] };
  }
  // Logto issues a token even when the app has no Management API role; it just lacks `all`.
  const scope = safeScopeClaim(token);
  if (scope !== undefined && !scope.split(' ').includes('all')) {
    return {
      status: 'fail' as const,
      summary: `the token for ${appId} lacks the Management API permission "all"`,
      fixes: ['Assign a machine-to-machine role with the Logto Management API permission "all" (e.g. "Logto Management API access") in Logto Console > Applications > (your M2M app) > Roles.'],
    };
  }
  return { status: 'pass' as const, summary: `${appId} gets a token for ${managementApiResource}`, fixes: [] };
}

function safeScopeClaim(token: string): string | undefined {
  try {
    const { scope } = decodeJwt(token);
    return typeof scope === 'string' ? scope : '';
  } catch {
    // An opaque token: nothing to read, the Management API call will tell.
    return undefined;
  }
}

function managementApiFixes(error: unknown): string[] {
  if (error instanceof LogtoApiError && error.status === 403) {
    return ['Assign a machine-to-machine role with the Logto Management API permission "all" (e.g. "Logto Management API access") in Logto Console > Applications > (your M2M app) > Roles.'];
  }
  if (error instanceof LogtoApiError && error.status === 401) {
    return ['Check LOGTO_MANAGEMENT_API_RESOURCE: https://<tenant-id>.logto.app/api on Logto Cloud, https://default.logto.app/api when self-hosted.'];
  }
  return ['Check LOGTO_ENDPOINT and that the Logto Management API is reachable at ${LOGTO_ENDPOINT}/api.'];
}

function addPlanCheck(
  add: (id: DoctorCheckId, status: DoctorCheck['status'], summary: string, fixes?: string[]) => void,
  id: DoctorCheckId,
  items: PlanItem[],
  passSummary: string,
) {
  const wrong = items.filter((item) => item.state !== 'ok');
  if (wrong.length === 0) return add(id, 'pass', passSummary);
  const problems = wrong.map((item) =>
    item.state === 'missing' ? `${item.subject} is missing` : `${item.subject}: ${item.differences.join('; ')}`,
  );
  const where = [...new Set(wrong.map((item) => item.where))].join('; ');
  const command = `npm run logto:setup${wrong.some((item) => item.state === 'differs') ? ' -- --fix' : ''}`;
  const fixable = wrong.every((item) => item.actions.length > 0);
  add(id, 'fail', problems.join('; '), [fixable ? `Run \`${command}\`, or change it by hand in ${where}.` : `Change it in ${where}.`]);
}

/**
 * Logto puts an organization scope into organization tokens only when the sign-in requested it,
 * with `urn:logto:scope:organizations`; otherwise tokens silently carry `scope: ""`. The same
 * holds for `create:organizations` and the app's API resource.
 */
function checkSignInScopes(inputs: DoctorInputs, desired: DesiredLogtoState, snapshot: TenantSnapshot | undefined) {
  const requested = new Set(inputs.signIn.scopes);
  const appScopes = new Set(desired.organizationScopes.map((scope) => scope.name));
  const tenantScopes = snapshot?.organizationScopes.map((scope) => scope.name);
  const problems: string[] = [];
  const notes: string[] = [];

  if (!requested.has(ORGANIZATIONS_SCOPE)) problems.push(`${ORGANIZATIONS_SCOPE} is not requested (no organization tokens at all)`);
  // Against the tenant when it could be read, else against the app's own template.
  const compared = tenantScopes ?? [...appScopes];
  const missingUsed = compared.filter((scope) => appScopes.has(scope) && !requested.has(scope));
  const missingOther = compared.filter((scope) => !appScopes.has(scope) && !requested.has(scope));
  if (missingUsed.length > 0) problems.push(`organization permissions not requested: ${missingUsed.join(', ')} (organization tokens will never carry them)`);
  if (!requested.has(CREATE_ORGANIZATIONS)) problems.push(`${CREATE_ORGANIZATIONS} is not requested (nobody could create an organization)`);
  if (!inputs.signIn.resources.includes(inputs.apiResource)) problems.push(`the API resource ${inputs.apiResource} is not among the sign-in resources`);
  if (missingOther.length > 0) notes.push(`the tenant also has organization permissions the app neither requests nor uses: ${missingOther.join(', ')}`);

  const fixes = [
    'Add the missing names to SIGN_IN_SCOPES in lib/auth/scopes.ts (every organization permission of the template, plus urn:logto:scope:organizations and create:organizations) and LOGTO_API_RESOURCE to `resources` in lib/logto/config.ts; users then sign in again to get them.',
  ];
  if (problems.length > 0) return { status: 'fail' as const, summary: [...problems, ...notes].join('; '), fixes };
  if (notes.length > 0) {
    return {
      status: 'warn' as const,
      summary: notes.join('; '),
      fixes: ['If the app should use them, add them to ORGANIZATION_SCOPES in lib/auth/scopes.ts; otherwise remove them in Logto Console > Organization template > Organization permissions.'],
    };
  }
  const summary = tenantScopes
    ? `sign-in requests all ${compared.length} organization permissions of the tenant`
    : `sign-in requests all ${compared.length} organization permissions of the app's template (the tenant's could not be read)`;
  return { status: 'pass' as const, summary, fixes: [] };
}

function describeError(error: unknown): string {
  if (error instanceof LogtoApiError) return `${error.message} [${error.status} ${error.code}]`;
  if (error instanceof Error) return error.message;
  return String(error);
}
