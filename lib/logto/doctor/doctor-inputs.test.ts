// The doctor must check what the app really requests at sign-in: both read the request from
// lib/logto/sign-in-request.ts; this pins that the SDK config is wired to it.
import { describe, expect, it, vi } from 'vitest';

import { logtoConfig } from '@/lib/logto/config';
import { parseEnv } from '@/lib/env';

import { APP_SIGN_IN_SCOPES, doctorInputsFromEnv } from './doctor-inputs';
import { runStartupDoctor } from './run-startup-doctor';

describe('doctorInputsFromEnv', () => {
  it("checks exactly the scopes and resources lib/logto/config.ts requests", () => {
    expect([...APP_SIGN_IN_SCOPES]).toEqual(logtoConfig.scopes);
    const inputs = doctorInputsFromEnv(parseEnv(process.env));
    expect(inputs.signIn.resources).toEqual(logtoConfig.resources);
    expect(inputs.endpoint).toBe(logtoConfig.endpoint);
    expect(inputs.webApp.appId).toBe(logtoConfig.appId);
    expect(inputs.appUrl).toBe(logtoConfig.baseUrl);
  });

  it('takes every value from the validated configuration', () => {
    const env = parseEnv({
      NODE_ENV: 'production',
      APP_URL: 'https://app.example.com/',
      LOGTO_ENDPOINT: 'https://tenant.logto.app/',
      LOGTO_APP_ID: 'web',
      LOGTO_APP_SECRET: 'web-secret',
      LOGTO_COOKIE_SECRET: 'c'.repeat(32),
      LOGTO_M2M_APP_ID: 'm2m',
      LOGTO_M2M_APP_SECRET: 'm2m-secret',
      LOGTO_MANAGEMENT_API_RESOURCE: 'https://tenant.logto.app/api',
      LOGTO_API_RESOURCE: 'https://api.example.com',
      DATABASE_URL: 'postgres://app@db.example.com:5432/app',
      LOGTO_WEBHOOK_SIGNING_KEY: 'current-webhook-key',
      LOGTO_WEBHOOK_SIGNING_KEY_PREVIOUS: 'previous-webhook-key',
    });
    expect(doctorInputsFromEnv(env)).toEqual({
      endpoint: 'https://tenant.logto.app',
      appUrl: 'https://app.example.com',
      webApp: { appId: 'web', appSecret: 'web-secret' },
      m2m: { appId: 'm2m', appSecret: 'm2m-secret', managementApiResource: 'https://tenant.logto.app/api' },
      apiResource: 'https://api.example.com',
      signIn: { scopes: APP_SIGN_IN_SCOPES, resources: ['https://api.example.com'] },
      webhookSigningKey: 'current-webhook-key',
    });
  });
});

describe('runStartupDoctor', () => {
  it('logs the report once per process and never throws', async () => {
    const logger = { info: vi.fn(), warn: vi.fn() };
    const unreachable: typeof fetch = async () => {
      throw new TypeError('connect ECONNREFUSED');
    };
    await expect(runStartupDoctor({ logger, env: () => parseEnv(process.env), fetch: unreachable })).resolves.toBeUndefined();
    await runStartupDoctor({ logger });
    expect(logger.info).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(String(logger.warn.mock.calls[0]?.[0])).toMatch(/^\[logto doctor\] the Logto configuration has problems[\s\S]*FAIL  OIDC discovery/);
  });
});
