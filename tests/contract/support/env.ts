// Contract-suite configuration. With LOGTO_ENDPOINT set, the suite runs against that Logto
// tenant; without it, the global setup starts the local Logto and uses its fixed
// development credentials.
import { z } from 'zod';

export const DEFAULT_MANAGEMENT_API_RESOURCE = 'https://default.logto.app/api';
export const DEFAULT_REDIRECT_URI = 'http://localhost:3000/callback';

/** The local Logto's fixed development credentials (never valid anywhere else). */
export const LOCAL_LOGTO_CREDENTIALS = {
  appId: 'local-web-app',
  appSecret: 'local-web-app-secret-for-development-only',
  m2mAppId: 'local-m2m-app',
  m2mAppSecret: 'local-m2m-app-secret-for-development-only',
} as const;

/** Everything a contract test needs to reach the Logto under test. */
export const contractTargetSchema = z.object({
  kind: z.enum(['local', 'remote']),
  /** e.g. `http://localhost:3001`: no trailing slash. */
  endpoint: z.url(),
  /** `${endpoint}/oidc` */
  issuer: z.url(),
  managementApiResource: z.string().min(1),
  m2mAppId: z.string().min(1),
  m2mAppSecret: z.string().min(1),
  appId: z.string().min(1),
  appSecret: z.string().min(1),
  redirectUri: z.url(),
});
export type ContractTarget = z.infer<typeof contractTargetSchema>;

const optionalString = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  z.string().trim().min(1).optional(),
);
const optionalUrl = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  z.url().optional(),
);

const envSchema = z
  .object({
    LOGTO_ENDPOINT: optionalUrl,
    LOGTO_M2M_APP_ID: optionalString,
    LOGTO_M2M_APP_SECRET: optionalString,
    LOGTO_MANAGEMENT_API_RESOURCE: optionalString,
    LOGTO_APP_ID: optionalString,
    LOGTO_APP_SECRET: optionalString,
    CONTRACT_REDIRECT_URI: optionalUrl,
  })
  .superRefine((env, ctx) => {
    if (!env.LOGTO_ENDPOINT) {
      return;
    }
    for (const key of ['LOGTO_M2M_APP_ID', 'LOGTO_M2M_APP_SECRET', 'LOGTO_APP_ID', 'LOGTO_APP_SECRET'] as const) {
      if (!env[key]) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'required when LOGTO_ENDPOINT is set' });
      }
    }
  });

export type ContractEnv =
  | { kind: 'local'; managementApiResource: string; redirectUri: string }
  | { kind: 'remote'; target: ContractTarget };

/** Reads and validates the environment; one error names every bad variable. */
export function readContractEnv(env: NodeJS.ProcessEnv = process.env): ContractEnv {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid contract-test configuration:\n${z.prettifyError(parsed.error)}`);
  }
  const values = parsed.data;
  const managementApiResource = values.LOGTO_MANAGEMENT_API_RESOURCE ?? DEFAULT_MANAGEMENT_API_RESOURCE;
  const redirectUri = values.CONTRACT_REDIRECT_URI ?? DEFAULT_REDIRECT_URI;

  if (!values.LOGTO_ENDPOINT) {
    return { kind: 'local', managementApiResource, redirectUri };
  }
  const endpoint = values.LOGTO_ENDPOINT.replace(/\/+$/, '');
  return {
    kind: 'remote',
    target: contractTargetSchema.parse({
      kind: 'remote',
      endpoint,
      issuer: `${endpoint}/oidc`,
      managementApiResource,
      m2mAppId: values.LOGTO_M2M_APP_ID,
      m2mAppSecret: values.LOGTO_M2M_APP_SECRET,
      appId: values.LOGTO_APP_ID,
      appSecret: values.LOGTO_APP_SECRET,
      redirectUri,
    }),
  };
}

/** The target for the local Logto started at `endpoint`. */
export function localTarget(endpoint: string, env: Extract<ContractEnv, { kind: 'local' }>): ContractTarget {
  const base = endpoint.replace(/\/+$/, '');
  return contractTargetSchema.parse({
    kind: 'local',
    endpoint: base,
    issuer: `${base}/oidc`,
    managementApiResource: env.managementApiResource,
    m2mAppId: LOCAL_LOGTO_CREDENTIALS.m2mAppId,
    m2mAppSecret: LOCAL_LOGTO_CREDENTIALS.m2mAppSecret,
    appId: LOCAL_LOGTO_CREDENTIALS.appId,
    appSecret: LOCAL_LOGTO_CREDENTIALS.appSecret,
    redirectUri: env.redirectUri,
  });
}
