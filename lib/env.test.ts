import { describe, expect, it } from 'vitest';

import { InvalidConfigurationError, LOCAL_LOGTO_DEFAULTS, parseEnv } from './env';

const realLogto = {
  LOGTO_ENDPOINT: 'https://tenant.logto.app/',
  LOGTO_APP_ID: 'web-app',
  LOGTO_APP_SECRET: 'web-secret',
  LOGTO_COOKIE_SECRET: 'x'.repeat(32),
  LOGTO_M2M_APP_ID: 'm2m',
  LOGTO_M2M_APP_SECRET: 'm2m-secret',
  LOGTO_MANAGEMENT_API_RESOURCE: 'https://tenant.logto.app/api',
  LOGTO_API_RESOURCE: 'https://api.example.com',
};

const production = { APP_URL: 'https://app.example.com', DATABASE_URL: 'postgres://app@db.example.com:5432/app' };

function problemsOf(source: Record<string, string | undefined>) {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof InvalidConfigurationError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseEnv', () => {
  it('uses the local Logto and its development credentials when LOGTO_ENDPOINT is unset in development', () => {
    const env = parseEnv({ NODE_ENV: 'development' });
    expect(env.usesLocalLogto).toBe(true);
    expect(env.logto.endpoint).toBe('http://localhost:3001');
    expect(env.logto.appId).toBe(LOCAL_LOGTO_DEFAULTS.LOGTO_APP_ID);
    expect(env.appUrl).toBe('http://localhost:3000');
    expect(env.maxOrganizationsPerUser).toBe(10);
    expect(env.maxApiKeysPerOrganization).toBe(10);
    expect(env.databaseUrl).toBeUndefined();
  });

  it('takes MAX_API_KEYS_PER_ORGANIZATION and refuses a limit below 1', () => {
    expect(parseEnv({ MAX_API_KEYS_PER_ORGANIZATION: '3' }).maxApiKeysPerOrganization).toBe(3);
    expect(() => parseEnv({ MAX_API_KEYS_PER_ORGANIZATION: '0' })).toThrow(/MAX_API_KEYS_PER_ORGANIZATION/);
  });

  it('follows LOCAL_LOGTO_PORT for the local endpoint', () => {
    expect(parseEnv({ LOCAL_LOGTO_PORT: '4555' }).logto.endpoint).toBe('http://localhost:4555');
  });

  it('treats empty values as unset', () => {
    expect(parseEnv({ LOGTO_ENDPOINT: '', DATABASE_URL: '' }).usesLocalLogto).toBe(true);
  });

  it('accepts a complete real-Logto configuration and trims trailing slashes', () => {
    const env = parseEnv({ ...realLogto, NODE_ENV: 'production', ...production, APP_URL: 'https://app.example.com/' });
    expect(env.usesLocalLogto).toBe(false);
    expect(env.logto.endpoint).toBe('https://tenant.logto.app');
    expect(env.appUrl).toBe('https://app.example.com');
  });

  it('never falls back to development secrets once LOGTO_ENDPOINT is set', () => {
    const problems = problemsOf({ LOGTO_ENDPOINT: 'https://tenant.logto.app' });
    expect(problems).toHaveLength(7);
    expect(problems.join('\n')).toContain('LOGTO_APP_SECRET: is required when LOGTO_ENDPOINT is set');
  });

  it('refuses the local development credentials at production runtime, but lets a build through', () => {
    expect(problemsOf({ NODE_ENV: 'production', ...production })).toEqual([
      expect.stringMatching(/^LOGTO_ENDPOINT: is required in production/),
    ]);
    expect(parseEnv({ NODE_ENV: 'production', NEXT_PHASE: 'phase-production-build' }).usesLocalLogto).toBe(true);
  });

  it('requires APP_URL and DATABASE_URL at production runtime, naming both', () => {
    const problems = problemsOf({ ...realLogto, NODE_ENV: 'production' });
    expect(problems).toEqual([
      expect.stringMatching(/^APP_URL: is required in production/),
      expect.stringMatching(/^DATABASE_URL: is required in production .*set APP_DATA_DIR/),
    ]);
  });

  it('runs production on PGlite only when APP_DATA_DIR is set explicitly', () => {
    const env = parseEnv({ ...realLogto, NODE_ENV: 'production', APP_URL: 'https://app.example.com', APP_DATA_DIR: '/var/lib/app' });
    expect(env.databaseUrl).toBeUndefined();
    expect(env.dataDir).toBe('/var/lib/app');
    expect(parseEnv({ ...realLogto, NODE_ENV: 'production', ...production }).databaseUrl).toBe(production.DATABASE_URL);
  });

  it('lets a production build through without the runtime-only settings', () => {
    expect(parseEnv({ ...realLogto, NODE_ENV: 'production', NEXT_PHASE: 'phase-production-build' }).appUrl).toBe('http://localhost:3000');
  });

  it('defaults the pool size, statement timeout and migrate-on-start, and validates them', () => {
    expect(parseEnv({}).database).toEqual({ poolMax: 10, statementTimeoutMs: 30_000, migrateOnStart: true });
    expect(
      parseEnv({ DATABASE_POOL_MAX: '25', DATABASE_STATEMENT_TIMEOUT_MS: '0', DATABASE_MIGRATE_ON_START: 'false' }).database,
    ).toEqual({ poolMax: 25, statementTimeoutMs: 0, migrateOnStart: false });
    const problems = problemsOf({ DATABASE_POOL_MAX: '0', DATABASE_STATEMENT_TIMEOUT_MS: '-1', DATABASE_MIGRATE_ON_START: 'maybe' });
    expect(problems.map((problem) => problem.split(':')[0])).toEqual([
      'DATABASE_POOL_MAX',
      'DATABASE_STATEMENT_TIMEOUT_MS',
      'DATABASE_MIGRATE_ON_START',
    ]);
  });

  it('names every bad variable in one error, not only the first', () => {
    const problems = problemsOf({
      LOGTO_ENDPOINT: 'not-a-url',
      DATABASE_URL: 'mysql://nope',
      MAX_ORGANIZATIONS_PER_USER: 'ten',
      LOGTO_COOKIE_SECRET: 'short',
    });
    const named = problems.map((problem) => problem.split(':')[0]);
    expect(named).toEqual(
      expect.arrayContaining(['LOGTO_ENDPOINT', 'DATABASE_URL', 'MAX_ORGANIZATIONS_PER_USER', 'LOGTO_COOKIE_SECRET']),
    );
  });

  it('formats one message listing each problem on its own line', () => {
    expect(() => parseEnv({ LOGTO_ENDPOINT: 'not-a-url' })).toThrow(/Invalid configuration[\s\S]*\n {2}- LOGTO_ENDPOINT: must be an http\(s\) URL/);
  });

  it('signs webhooks with the fixed development key only while the local Logto is used', () => {
    expect(parseEnv({}).webhookSigningKeys).toEqual([LOCAL_LOGTO_DEFAULTS.LOGTO_WEBHOOK_SIGNING_KEY]);
    expect(parseEnv(realLogto).webhookSigningKeys).toEqual([]);
    expect(
      parseEnv({ ...realLogto, LOGTO_WEBHOOK_SIGNING_KEY: 'new-key', LOGTO_WEBHOOK_SIGNING_KEY_PREVIOUS: 'old-key' }).webhookSigningKeys,
    ).toEqual(['new-key', 'old-key']);
    expect(problemsOf({ ...realLogto, LOGTO_WEBHOOK_SIGNING_KEY_PREVIOUS: 'old-key' })).toEqual([
      expect.stringMatching(/^LOGTO_WEBHOOK_SIGNING_KEY_PREVIOUS: is only used next to LOGTO_WEBHOOK_SIGNING_KEY/),
    ]);
  });

  it('links MFA set-up to MFA_SETUP_URL, else to the Logto account center', () => {
    expect(parseEnv({}).mfaSetupUrl).toBe('http://localhost:3001/account/security');
    expect(parseEnv({ LOCAL_LOGTO_PORT: '4001' }).mfaSetupUrl).toBe('http://localhost:4001/account/security');
    expect(parseEnv({ MFA_SETUP_URL: 'https://id.example.com/account/security' }).mfaSetupUrl).toBe('https://id.example.com/account/security');
    expect(problemsOf({ MFA_SETUP_URL: 'javascript:alert(1)' })).toEqual([expect.stringMatching(/^MFA_SETUP_URL: must be an http\(s\) URL/)]);
  });

  it('bounds how long mirrored Logto entries live', () => {
    expect(parseEnv({}).mirrorTtlMs).toBe(300_000);
    expect(parseEnv({ LOGTO_MIRROR_TTL_SECONDS: '30' }).mirrorTtlMs).toBe(30_000);
    expect(problemsOf({ LOGTO_MIRROR_TTL_SECONDS: '86400' })).toEqual([expect.stringMatching(/^LOGTO_MIRROR_TTL_SECONDS: must be at most 3600/)]);
  });
});
