// The planner alone, on hand-made tenant snapshots: the cases a fresh local Logto cannot show.
import { describe, expect, it } from 'vitest';

import { desiredLogtoState } from './desired-state';
import { planLogtoSetup, type PlanItem } from './plan-logto-setup';
import type { TenantSnapshot } from './read-tenant-snapshot';

const desired = desiredLogtoState({ apiResource: 'https://api.example.com', webAppId: 'web', appUrl: 'https://app.example.com' });

const resourceScope = { id: 'scope-create', resourceId: 'res', name: 'create:organizations', description: null };
const role = (overrides: Partial<{ id: string; name: string; type: 'User' | 'MachineToMachine'; isDefault: boolean }>) => ({
  id: 'role',
  name: 'user',
  description: 'x',
  type: 'User' as const,
  isDefault: true,
  ...overrides,
});

/** A tenant where everything is right; each case breaks one thing. */
function healthyTenant(): TenantSnapshot {
  const organizationScopes = desired.organizationScopes.map((scope) => ({ id: `os-${scope.name}`, name: scope.name, description: null }));
  return {
    apiResource: { id: 'res', name: 'API', indicator: 'https://api.example.com', isDefault: false, accessTokenTtl: 3600, scopes: [resourceScope] },
    userRoles: [{ role: role({}), scopes: [resourceScope] }],
    organizationScopes,
    organizationRoles: desired.organizationRoles.map((wanted) => ({
      id: `or-${wanted.name}`,
      name: wanted.name,
      description: null,
      type: wanted.type,
      scopes: wanted.scopes.map((name) => ({ id: `os-${name}`, name })),
    })),
    webApp: {
      id: 'web',
      name: 'Web',
      type: 'Traditional',
      oidcClientMetadata: { redirectUris: ['https://app.example.com/callback'], postLogoutRedirectUris: ['https://app.example.com/'] },
    },
    hooks: [
      {
        id: 'hook',
        name: 'SaaS starter app',
        events: [...desired.webhook.events],
        config: { url: 'https://app.example.com/api/webhooks/logto' },
        signingKey: 'the-hook-signing-key',
        enabled: true,
      },
    ],
  };
}

const notOk = (plan: PlanItem[]) => plan.filter((item) => item.state !== 'ok');

describe('planLogtoSetup', () => {
  it('finds nothing to do in a healthy tenant', () => {
    expect(notOk(planLogtoSetup(desired, healthyTenant()))).toEqual([]);
  });

  it.each<{ name: string; breakIt: (tenant: TenantSnapshot) => void; expected: Partial<PlanItem>[] }>([
    {
      name: 'a default role under another name that grants the permission is accepted',
      breakIt: (tenant) => {
        tenant.userRoles = [{ role: role({ name: 'customer' }), scopes: [resourceScope] }];
      },
      expected: [],
    },
    {
      name: 'a default role granting a same-named permission of another resource does not count',
      breakIt: (tenant) => {
        tenant.userRoles = [{ role: role({ name: 'customer' }), scopes: [{ ...resourceScope, resourceId: 'other' }] }];
      },
      expected: [{ subject: 'default role "user"', state: 'missing', actions: [expect.objectContaining({ kind: 'createDefaultRole' })] }],
    },
    {
      name: 'a "user" role of the wrong type cannot be fixed by the script',
      breakIt: (tenant) => {
        tenant.userRoles = [{ role: role({ type: 'MachineToMachine' }), scopes: [] }];
      },
      expected: [{ subject: 'default role "user"', state: 'differs', actions: [], differences: [expect.stringMatching(/MachineToMachine role/)] }],
    },
    {
      name: 'a "user" role without the permission and not default: two fixes',
      breakIt: (tenant) => {
        tenant.userRoles = [{ role: role({ isDefault: false }), scopes: [] }];
      },
      expected: [
        {
          state: 'differs',
          differences: ['is not a default role (new users would not get it)', 'lacks create:organizations of https://api.example.com'],
          actions: [
            { kind: 'makeRoleDefault', roleId: 'role' },
            { kind: 'addRoleScopes', roleId: 'role', scopeNames: ['create:organizations'] },
          ],
        },
      ],
    },
    {
      name: 'a missing API resource brings its permission along',
      breakIt: (tenant) => {
        tenant.apiResource = null;
        tenant.userRoles = [];
      },
      expected: [
        { subject: 'API resource https://api.example.com', state: 'missing' },
        { subject: 'API permission create:organizations', state: 'missing' },
        { subject: 'default role "user"', state: 'missing' },
      ],
    },
    {
      name: 'a role with one scope too few and one too many',
      breakIt: (tenant) => {
        const viewer = tenant.organizationRoles.find((candidate) => candidate.name === 'viewer');
        if (viewer) viewer.scopes = [{ id: 'os-read:projects', name: 'read:projects' }, { id: 'os-write:projects', name: 'write:projects' }];
      },
      expected: [
        {
          subject: 'organization role "viewer"',
          state: 'differs',
          differences: ['lacks read:members', 'also grants write:projects'],
          actions: [
            { kind: 'addOrganizationRoleScopes', roleId: 'or-viewer', scopeNames: ['read:members'] },
            { kind: 'removeOrganizationRoleScopes', roleId: 'or-viewer', scopes: [{ id: 'os-write:projects', name: 'write:projects' }] },
          ],
        },
      ],
    },
    {
      name: 'an API key role made as a User role cannot be fixed by the script (Logto keeps a role\'s type)',
      breakIt: (tenant) => {
        const role = tenant.organizationRoles.find((candidate) => candidate.name === 'api-member');
        if (role) role.type = 'User';
      },
      expected: [
        {
          subject: 'organization role "api-member"',
          state: 'differs',
          differences: ['is a User role, not a MachineToMachine role (rename or delete it, then run setup again)'],
          actions: [],
        },
      ],
    },
    {
      name: 'a missing API key role and manage:api-keys are created, the role as MachineToMachine',
      breakIt: (tenant) => {
        tenant.organizationRoles = tenant.organizationRoles.filter((candidate) => candidate.name !== 'api-viewer');
        tenant.organizationScopes = tenant.organizationScopes.filter((scope) => scope.name !== 'manage:api-keys');
      },
      expected: [
        { subject: 'organization permission manage:api-keys', state: 'missing', actions: [{ kind: 'createOrganizationScope', name: 'manage:api-keys', description: 'Create and revoke API keys' }] },
        {
          subject: 'organization role "api-viewer"',
          state: 'missing',
          actions: [
            { kind: 'createOrganizationRole', name: 'api-viewer', description: 'API key: reads projects', type: 'MachineToMachine', scopeNames: ['read:projects', 'read:members'] },
          ],
        },
      ],
    },
    {
      name: 'a web app id that is not in the tenant',
      breakIt: (tenant) => {
        tenant.webApp = null;
      },
      expected: [{ state: 'differs', actions: [], where: 'LOGTO_APP_ID', differences: [expect.stringMatching(/no application has the id web/)] }],
    },
    {
      name: 'a single page app instead of a Traditional web app',
      breakIt: (tenant) => {
        if (tenant.webApp) tenant.webApp.type = 'SPA';
      },
      expected: [{ state: 'differs', actions: [], differences: [expect.stringMatching(/is a SPA application/)] }],
    },
    {
      name: 'missing redirect URIs are added, other registered ones kept',
      breakIt: (tenant) => {
        if (tenant.webApp) tenant.webApp.oidcClientMetadata = { redirectUris: ['http://localhost:3000/callback'], postLogoutRedirectUris: ['https://app.example.com/'] };
      },
      expected: [
        {
          state: 'differs',
          differences: ['redirect URI https://app.example.com/callback is not registered'],
          actions: [
            {
              kind: 'updateRedirectUris',
              applicationId: 'web',
              redirectUris: ['http://localhost:3000/callback', 'https://app.example.com/callback'],
              postLogoutRedirectUris: ['https://app.example.com/'],
            },
          ],
        },
      ],
    },
  ])('$name', ({ breakIt, expected }) => {
    const tenant = healthyTenant();
    breakIt(tenant);
    const plan = notOk(planLogtoSetup(desired, tenant));
    expect(plan).toHaveLength(expected.length);
    plan.forEach((item, index) => expect(item).toMatchObject(expected[index] ?? {}));
  });

  it('ignores descriptions and organization permissions the app does not use', () => {
    const tenant = healthyTenant();
    tenant.organizationScopes.push({ id: 'os-billing', name: 'manage:billing', description: 'Billing' });
    for (const scope of tenant.organizationScopes) scope.description = 'edited in the Console';
    expect(notOk(planLogtoSetup(desired, tenant))).toEqual([]);
  });
});

describe('planLogtoSetup: the app\'s webhook', () => {
  const webhookItems = (plan: PlanItem[]) => plan.filter((item) => item.area === 'webhook');

  it('creates the hook for APP_URL when only other deployments have one', () => {
    const tenant = healthyTenant();
    tenant.hooks = tenant.hooks.map((hook) => ({ ...hook, config: { url: 'https://staging.example.com/api/webhooks/logto' } }));
    expect(webhookItems(planLogtoSetup(desired, tenant))).toEqual([
      expect.objectContaining({
        subject: 'webhook https://app.example.com/api/webhooks/logto',
        state: 'missing',
        actions: [{ kind: 'createHook', name: 'SaaS starter app', url: 'https://app.example.com/api/webhooks/logto', events: desired.webhook.events }],
      }),
    ]);
  });

  it('adds missing events and enables a disabled hook, keeping events it already sends', () => {
    const tenant = healthyTenant();
    tenant.hooks = tenant.hooks.map((hook) => ({ ...hook, enabled: false, events: ['Organization.Created', 'PostSignIn'] }));
    const [item] = webhookItems(planLogtoSetup(desired, tenant));
    const missing = desired.webhook.events.filter((event) => event !== 'Organization.Created');
    expect(item).toMatchObject({
      state: 'differs',
      differences: [`does not send ${missing.join(', ')}`, 'is disabled'],
      actions: [{ kind: 'updateHook', hookId: 'hook', events: ['Organization.Created', 'PostSignIn', ...missing], enabled: true }],
    });
  });

  it('compares the signing key only when LOGTO_WEBHOOK_SIGNING_KEY is set; a mismatch rotates it (with --fix)', () => {
    const input = { apiResource: 'https://api.example.com', webAppId: 'web', appUrl: 'https://app.example.com' };
    expect(notOk(planLogtoSetup(desiredLogtoState({ ...input, webhookSigningKey: 'the-hook-signing-key' }), healthyTenant()))).toEqual([]);
    const [item] = webhookItems(planLogtoSetup(desiredLogtoState({ ...input, webhookSigningKey: 'an-old-key' }), healthyTenant()));
    expect(item).toMatchObject({
      state: 'differs',
      differences: [expect.stringMatching(/another key than LOGTO_WEBHOOK_SIGNING_KEY/)],
      actions: [{ kind: 'rotateHookSigningKey', hookId: 'hook' }],
    });
  });
});
