// The only reader of process.env. next.config.ts validates it, so invalid configuration fails
// `next dev`, `next build` and `next start` before anything else runs, with one message that
// names every bad variable.
//
// No `import 'server-only'` here on purpose: next.config.ts runs outside React's server
// condition, where that marker throws. Client components must never import this file.
import { z } from 'zod';

/**
 * Fixed credentials of the local Logto (local-logto/), seeded on its first start.
 * DEVELOPMENT ONLY: they apply only while LOGTO_ENDPOINT is unset outside production.
 */
export const LOCAL_LOGTO_DEFAULTS = {
  LOGTO_APP_ID: 'local-web-app',
  LOGTO_APP_SECRET: 'local-web-app-secret-for-development-only',
  LOGTO_M2M_APP_ID: 'local-m2m-app',
  LOGTO_M2M_APP_SECRET: 'local-m2m-app-secret-for-development-only',
  LOGTO_MANAGEMENT_API_RESOURCE: 'https://default.logto.app/api',
  LOGTO_API_RESOURCE: 'https://saas-starter.local/api',
  LOGTO_COOKIE_SECRET: 'local-development-cookie-secret-not-for-production',
  /** The signing key of the hook the local Logto seeds for `${APP_URL}/api/webhooks/logto`. */
  LOGTO_WEBHOOK_SIGNING_KEY: 'localLogtoDevelopmentWebhookKey1',
} as const;

export const DEFAULT_LOCAL_LOGTO_PORT = 3001;

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((value) => value.replace(/\/+$/, ''));

const booleanFlag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1');

const required = (what: string) => z.string({ error: `is required (${what})` }).trim().min(1, `is required (${what})`);

/** A rate limit: requests (or items) per window; 0 turns that limit off. */
const rateLimit = (defaultValue: number) =>
  z.coerce
    .number({ error: 'must be a whole number (0 turns the limit off)' })
    .int('must be a whole number (0 turns the limit off)')
    .min(0, 'must be 0 (off) or more')
    .default(defaultValue);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  APP_URL: httpUrl.optional(),
  LOGTO_ENDPOINT: httpUrl.optional(),
  LOGTO_APP_ID: required('the Traditional web app ID from the Logto Console').optional(),
  LOGTO_APP_SECRET: required('the web app secret').optional(),
  LOGTO_COOKIE_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (generate one with `openssl rand -base64 32`)')
    .optional(),
  LOGTO_M2M_APP_ID: required('the machine-to-machine app ID').optional(),
  LOGTO_M2M_APP_SECRET: required('the machine-to-machine app secret').optional(),
  LOGTO_MANAGEMENT_API_RESOURCE: httpUrl.optional(),
  LOGTO_API_RESOURCE: z.url({ error: 'must be a URI (the API identifier in the Logto Console)' }).optional(),
  LOGTO_WEBHOOK_SIGNING_KEY: required('the signing key of the webhook in the Logto Console').optional(),
  LOGTO_WEBHOOK_SIGNING_KEY_PREVIOUS: required('the previous signing key, during a key rotation').optional(),
  // Where members set up two-step verification (MFA); default: Logto's account center.
  MFA_SETUP_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  LOGTO_MIRROR_TTL_SECONDS: z.coerce
    .number({ error: 'must be a whole number of seconds' })
    .int('must be a whole number of seconds')
    .min(5, 'must be at least 5')
    .max(3600, 'must be at most 3600 (entries are bounded so a missed webhook heals by itself)')
    .default(300),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// connection URL' })
    .optional(),
  APP_DATA_DIR: z.string().min(1).optional(),
  DATABASE_POOL_MAX: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1_000, 'must be at most 1000')
    .default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce
    .number({ error: 'must be a whole number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(0, 'must be 0 (no limit) or more')
    .default(30_000),
  DATABASE_MIGRATE_ON_START: booleanFlag.default(true),
  MAX_ORGANIZATIONS_PER_USER: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(10_000, 'must be at most 10000')
    .default(10),
  MAX_API_KEYS_PER_ORGANIZATION: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1_000, 'must be at most 1000')
    .default(10),
  LOCAL_LOGTO_PORT: z.coerce.number().int().min(1).max(65_535).default(DEFAULT_LOCAL_LOGTO_PORT),
  // Rate limits (lib/rate-limit/policies.ts says what each one counts).
  RATE_LIMIT_API_PER_MINUTE: rateLimit(600),
  RATE_LIMIT_INVITATIONS_PER_ORGANIZATION_PER_DAY: rateLimit(200),
  RATE_LIMIT_INVITATIONS_PER_INVITER_PER_HOUR: rateLimit(50),
  RATE_LIMIT_ORGANIZATIONS_PER_USER_PER_HOUR: rateLimit(5),
  RATE_LIMIT_SIGN_IN_PER_ADDRESS_PER_MINUTE: rateLimit(30),
  // How many proxies in front of the app append to X-Forwarded-For: false (none), true (one) or a count.
  TRUST_PROXY_HEADERS: z
    .union([z.enum(['true', 'false']), z.coerce.number().int().min(0).max(10)], {
      error: 'must be true, false or the number of proxies in front of the app',
    })
    .transform((value) => (value === 'true' ? 1 : value === 'false' ? 0 : value))
    .default(0),
  SERVER_ACTIONS_ALLOWED_ORIGINS: z
    .string()
    .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[a-z0-9.*-]+(:\d+)?$/i, 'must be a comma-separated list of hosts (app.example.com, *.example.com)')))
    .default([]),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  NEXT_MANUAL_SIG_HANDLE: z.string().optional(),
  NEXT_PHASE: z.string().optional(),
});

const logtoKeys = [
  'LOGTO_APP_ID',
  'LOGTO_APP_SECRET',
  'LOGTO_COOKIE_SECRET',
  'LOGTO_M2M_APP_ID',
  'LOGTO_M2M_APP_SECRET',
  'LOGTO_MANAGEMENT_API_RESOURCE',
  'LOGTO_API_RESOURCE',
] as const;

export type Env = {
  nodeEnv: 'development' | 'production' | 'test';
  appUrl: string;
  /** True when the app talks to the bundled local Logto with its development credentials. */
  usesLocalLogto: boolean;
  logto: {
    endpoint: string;
    appId: string;
    appSecret: string;
    cookieSecret: string;
    m2mAppId: string;
    m2mAppSecret: string;
    managementApiResource: string;
    apiResource: string;
  };
  /**
   * Keys that sign Logto's webhook deliveries: the current one first, then the previous one
   * during a rotation. Empty: webhooks are not configured and the mirror relies on expiry.
   */
  webhookSigningKeys: string[];
  /** How long a mirrored Logto entry is used before it is read from Logto again. */
  mirrorTtlMs: number;
  /**
   * Where a member sets up two-step verification, linked from the page that explains why an
   * organization requiring MFA refused them: MFA_SETUP_URL, else Logto's account center
   * security page (`${endpoint}/account/security`; the local Logto serves one at the same path).
   */
  mfaSetupUrl: string;
  databaseUrl: string | undefined;
  /** PGlite's folder (used only while databaseUrl is unset). */
  dataDir: string;
  database: {
    /** Connections per instance in the PostgreSQL pool. */
    poolMax: number;
    /** Per-statement limit on PostgreSQL; 0 means none (e.g. behind PgBouncer, set it on the role). */
    statementTimeoutMs: number;
    /** Apply pending migrations when an instance first opens the database (else: `npm run db:migrate`). */
    migrateOnStart: boolean;
  };
  maxOrganizationsPerUser: number;
  /** Active (not revoked) API keys one organization may have. */
  maxApiKeysPerOrganization: number;
  localLogtoPort: number;
  /** Proxies in front of the app whose X-Forwarded-For entries are trusted (0: none). */
  trustedProxies: number;
  /** Hosts, besides APP_URL's, whose pages may post server actions. */
  serverActionsAllowedOrigins: string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** The server, not Next, handles SIGTERM (NEXT_MANUAL_SIG_HANDLE): drain, close the pool, exit 0. */
  manualSignalHandling: boolean;
  rateLimits: {
    apiPerMinute: number;
    invitationsPerOrganizationPerDay: number;
    invitationsPerInviterPerHour: number;
    organizationsPerUserPerHour: number;
    signInPerAddressPerMinute: number;
  };
};

export class InvalidConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration (see .env.local.example):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
    this.name = 'InvalidConfigurationError';
  }
}

/** Parses a whole environment; throws one InvalidConfigurationError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty value in .env files means "unset", not "the empty string".
  const input = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const result = envSchema.safeParse(input);
  const problems: string[] = [];
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push(`${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    throw new InvalidConfigurationError(problems);
  }
  const raw = result.data;
  const isBuild = raw.NEXT_PHASE === 'phase-production-build';
  const usesLocalLogto = raw.LOGTO_ENDPOINT === undefined;
  const productionRuntime = raw.NODE_ENV === 'production' && !isBuild;

  // A production server must know its public URL and keep its data somewhere that outlives
  // the instance. PGlite is a deliberate choice (one instance, persistent disk), never a fallback.
  if (productionRuntime && raw.APP_URL === undefined) {
    problems.push('APP_URL: is required in production (the public URL, e.g. https://app.example.com)');
  }
  if (productionRuntime && raw.DATABASE_URL === undefined && raw.APP_DATA_DIR === undefined) {
    problems.push(
      'DATABASE_URL: is required in production (a PostgreSQL URL); to run one instance on the embedded PGlite instead, set APP_DATA_DIR to a folder on a persistent disk',
    );
  }

  if (usesLocalLogto && raw.NODE_ENV === 'production' && !isBuild) {
    problems.push(
      'LOGTO_ENDPOINT: is required in production (the local Logto and its development credentials are for development and tests only)',
    );
  }
  const given = pick(raw, logtoKeys);
  const values: Partial<Record<(typeof logtoKeys)[number], string>> = usesLocalLogto
    ? { ...LOCAL_LOGTO_DEFAULTS, ...given }
    : given;
  const logtoValue = (key: (typeof logtoKeys)[number]) => {
    const value = values[key];
    if (value === undefined) problems.push(`${key}: is required when LOGTO_ENDPOINT is set`);
    return value ?? '';
  };
  const logto = {
    endpoint: raw.LOGTO_ENDPOINT ?? `http://localhost:${raw.LOCAL_LOGTO_PORT}`,
    appId: logtoValue('LOGTO_APP_ID'),
    appSecret: logtoValue('LOGTO_APP_SECRET'),
    cookieSecret: logtoValue('LOGTO_COOKIE_SECRET'),
    m2mAppId: logtoValue('LOGTO_M2M_APP_ID'),
    m2mAppSecret: logtoValue('LOGTO_M2M_APP_SECRET'),
    managementApiResource: logtoValue('LOGTO_MANAGEMENT_API_RESOURCE'),
    apiResource: logtoValue('LOGTO_API_RESOURCE'),
  };
  if (raw.LOGTO_WEBHOOK_SIGNING_KEY_PREVIOUS !== undefined && raw.LOGTO_WEBHOOK_SIGNING_KEY === undefined) {
    problems.push('LOGTO_WEBHOOK_SIGNING_KEY_PREVIOUS: is only used next to LOGTO_WEBHOOK_SIGNING_KEY (the new key)');
  }
  if (problems.length > 0) throw new InvalidConfigurationError(problems);
  const currentWebhookKey = raw.LOGTO_WEBHOOK_SIGNING_KEY ?? (usesLocalLogto ? LOCAL_LOGTO_DEFAULTS.LOGTO_WEBHOOK_SIGNING_KEY : undefined);

  return {
    nodeEnv: raw.NODE_ENV,
    appUrl: raw.APP_URL ?? 'http://localhost:3000',
    usesLocalLogto,
    logto,
    webhookSigningKeys: [currentWebhookKey, raw.LOGTO_WEBHOOK_SIGNING_KEY_PREVIOUS].filter((key) => key !== undefined),
    mirrorTtlMs: raw.LOGTO_MIRROR_TTL_SECONDS * 1000,
    mfaSetupUrl: raw.MFA_SETUP_URL ?? `${logto.endpoint}/account/security`,
    databaseUrl: raw.DATABASE_URL,
    dataDir: raw.APP_DATA_DIR ?? '.data',
    database: {
      poolMax: raw.DATABASE_POOL_MAX,
      statementTimeoutMs: raw.DATABASE_STATEMENT_TIMEOUT_MS,
      migrateOnStart: raw.DATABASE_MIGRATE_ON_START,
    },
    maxOrganizationsPerUser: raw.MAX_ORGANIZATIONS_PER_USER,
    maxApiKeysPerOrganization: raw.MAX_API_KEYS_PER_ORGANIZATION,
    localLogtoPort: raw.LOCAL_LOGTO_PORT,
    trustedProxies: raw.TRUST_PROXY_HEADERS,
    serverActionsAllowedOrigins: raw.SERVER_ACTIONS_ALLOWED_ORIGINS,
    logLevel: raw.LOG_LEVEL ?? (raw.NODE_ENV === 'test' ? 'warn' : 'info'),
    manualSignalHandling: raw.NEXT_MANUAL_SIG_HANDLE !== undefined,
    rateLimits: {
      apiPerMinute: raw.RATE_LIMIT_API_PER_MINUTE,
      invitationsPerOrganizationPerDay: raw.RATE_LIMIT_INVITATIONS_PER_ORGANIZATION_PER_DAY,
      invitationsPerInviterPerHour: raw.RATE_LIMIT_INVITATIONS_PER_INVITER_PER_HOUR,
      organizationsPerUserPerHour: raw.RATE_LIMIT_ORGANIZATIONS_PER_USER_PER_HOUR,
      signInPerAddressPerMinute: raw.RATE_LIMIT_SIGN_IN_PER_ADDRESS_PER_MINUTE,
    },
  };
}

function pick<T extends Record<string, unknown>, K extends keyof T>(source: T, keys: readonly K[]) {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked;
}

let parsed: Env | undefined;

/**
 * The validated server configuration, parsed on first use. next.config.ts validates it up front
 * (see validateEnvForPhase), so a bad variable never gets this far in a running app.
 */
export function getEnv(): Env {
  parsed ??= parseEnv(process.env);
  return parsed;
}

/** Called by next.config.ts with Next's phase: a build may go ahead without production Logto settings. */
export function validateEnvForPhase(phase: string): Env {
  return parseEnv({ ...process.env, NEXT_PHASE: phase });
}
