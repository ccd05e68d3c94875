// The doctor's inputs for this app: its validated configuration and what its sign-in asks for.
import type { Env } from '@/lib/env';

import { APP_SIGN_IN_SCOPES, appSignInResources } from '../sign-in-request';

import type { DoctorInputs } from './run-logto-doctor';

export { APP_SIGN_IN_SCOPES };

/**
 * LOGTO_WEBHOOK_SIGNING_KEY as the app verifies deliveries with it: the first of
 * `env.webhookSigningKeys` (the current key; the previous one follows during a rotation).
 * Read structurally so this compiles before and after the webhook settings join lib/env.ts.
 */
export function webhookSigningKeyFromEnv(env: Env): string | undefined {
  const keys: unknown = (env as Env & { webhookSigningKeys?: unknown }).webhookSigningKeys;
  return Array.isArray(keys) && typeof keys[0] === 'string' ? keys[0] : undefined;
}

export function doctorInputsFromEnv(
  env: Env,
  overrides: Pick<DoctorInputs, 'fetch' | 'timeoutMs' | 'testWebhookDelivery'> = {},
): DoctorInputs {
  const { logto } = env;
  return {
    endpoint: logto.endpoint,
    appUrl: env.appUrl,
    webApp: { appId: logto.appId, appSecret: logto.appSecret },
    m2m: { appId: logto.m2mAppId, appSecret: logto.m2mAppSecret, managementApiResource: logto.managementApiResource },
    apiResource: logto.apiResource,
    signIn: { scopes: APP_SIGN_IN_SCOPES, resources: appSignInResources(logto.apiResource) },
    webhookSigningKey: webhookSigningKeyFromEnv(env),
    ...overrides,
  };
}
