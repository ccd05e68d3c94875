import { parseArgs } from 'node:util';

import { webhookUrl } from '../../lib/logto/setup/desired-state';

import {
  APP_HOOK,
  DEFAULT_REDIRECT_ORIGINS,
  DEMO_PASSWORD,
  DEMO_USERS,
  M2M_APP_ID,
  M2M_APP_SECRET,
  MANAGEMENT_API_INDICATOR,
  WEB_APP_ID,
  WEB_APP_SECRET,
} from './constants.js';
import { startLocalLogto } from './server.js';

const USAGE = `Usage: npm run logto:local -- [options]

Starts a local, Logto-compatible OpenID Connect and Management API server.
DEVELOPMENT AND TESTS ONLY: its credentials are public.

Options:
  --port <n>          Port (default: $LOCAL_LOGTO_PORT or 3001)
  --app-url <url>     The app's URL: redirects to it are accepted and the app's webhook
                      delivers to <url>/api/webhooks/logto (default: $LOCAL_LOGTO_APP_URL
                      or ${DEFAULT_REDIRECT_ORIGINS[0]})
  --data-dir <path>   Data folder (default: .data/local-logto)
  --reset             Wipe the data folder's database first
  --empty-template    Seed no organization template, app API resource or default role
                      (seeding runs once per database: add --reset for an existing one)
  -h, --help          Show this help

Environment:
  LOCAL_LOGTO_APP_URL           Default of --app-url
  LOCAL_LOGTO_REDIRECT_ORIGINS  Comma-separated extra app origins (adds <origin>/callback and <origin>/)
`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') {
    return 3001;
  }
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    fail(`Invalid port: ${raw}`);
  }
  return port;
}

function parseAppUrl(raw: string | undefined): string {
  const url = raw === undefined || raw === '' ? DEFAULT_REDIRECT_ORIGINS[0] : raw;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    fail(`Invalid app URL: ${url}`);
  }
  return url;
}

function parseOrigins(raw: string | undefined): string[] {
  const origins = (raw ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0);
  for (const origin of origins) {
    if (!URL.canParse(origin)) {
      fail(`Invalid origin in LOCAL_LOGTO_REDIRECT_ORIGINS: ${origin}`);
    }
  }
  return origins;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'app-url': { type: 'string' },
        'data-dir': { type: 'string' },
        reset: { type: 'boolean', default: false },
        'empty-template': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }

  const appUrl = parseAppUrl(values['app-url'] ?? process.env.LOCAL_LOGTO_APP_URL);
  const server = await startLocalLogto({
    port: parsePort(values.port ?? process.env.LOCAL_LOGTO_PORT),
    dataDir: values['data-dir'] ?? '.data/local-logto',
    reset: values.reset,
    emptyTemplate: values['empty-template'],
    redirectOrigins: parseOrigins(process.env.LOCAL_LOGTO_REDIRECT_ORIGINS),
    appUrl,
    quiet: true,
  });

  console.log(`Local Logto (DEVELOPMENT ONLY, not Logto) listening on ${server.endpoint}
  OIDC issuer        ${server.endpoint}/oidc
  Management API     ${server.endpoint}/api (resource ${MANAGEMENT_API_INDICATOR})
  Web app            ${WEB_APP_ID} / ${WEB_APP_SECRET}
  M2M app            ${M2M_APP_ID} / ${M2M_APP_SECRET}
  Demo users         ${DEMO_USERS.map((user) => user.primaryEmail).join(', ')} / ${DEMO_PASSWORD}
  Outbox             ${server.endpoint}/outbox
  App webhook        ${webhookUrl(appUrl.replace(/\/+$/, ''))} (signing key ${APP_HOOK.signingKey})
Press Ctrl+C to stop.`);

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      return;
    }
    stopping = true;
    console.log(`\n${signal} received, stopping local Logto…`);
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error('Local Logto failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
