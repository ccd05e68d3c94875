// The doctor's inputs for this app: its validated configuration and what its sign-in asks for.
import type { Env } from '@/lib/env';

import { APP_SIGN_IN_SCOPES, appSignInResources } from '../sign-in-request';

import type { DoctorInputs } from './run-logto-doctor';

export { APP_SIGN_IN_SCOPES };

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
    // The current key; the previous one follows it during a rotation.
    webhookSigningKey: env.webhookSigningKeys[0],
    ...overrides,
  };
}
