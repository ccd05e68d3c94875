// `npm run logto:setup [-- --fix]`: provisions what the app expects in the Logto tenant of
// LOGTO_ENDPOINT (API resource and permission, default role, organization template, the webhook
// to the app, whose signing key it prints) and checks the web app's redirect URIs, through the Management API with the M2M credentials. Idempotent;
// never deletes; changes what differs only with --fix. Exit code 1 while anything differs.
import { parseArgs } from 'node:util';

import nextEnv from '@next/env';

import { InvalidConfigurationError, parseEnv } from '../lib/env';
import { createManagementApi } from '../lib/logto/management-api';
import { formatSetupReport } from '../lib/logto/setup/format-setup-report';
import { runLogtoSetup } from '../lib/logto/setup/run-logto-setup';

const USAGE = `Usage: npm run logto:setup [-- --fix]

Creates what is missing in the Logto tenant of LOGTO_ENDPOINT, including the webhook to
\${APP_URL}/api/webhooks/logto (its signing key is printed, for LOGTO_WEBHOOK_SIGNING_KEY). What
exists but differs is only reported, unless --fix is given (a signing key that differs from
LOGTO_WEBHOOK_SIGNING_KEY is then rotated). Nothing is ever deleted.`;

const { values } = parseArgs({ options: { fix: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

nextEnv.loadEnvConfig(process.cwd(), true, { info: () => {}, error: console.error });
try {
  const env = parseEnv(process.env);
  const { logto } = env;
  console.log(
    `Logto tenant: ${logto.endpoint}${env.usesLocalLogto ? ' (the local Logto: LOGTO_ENDPOINT is unset)' : ''}\n` +
      `APP_URL: ${env.appUrl}${values.fix ? '\nMode: --fix (differences are changed)' : ''}\n`,
  );
  const api = createManagementApi({
    endpoint: logto.endpoint,
    appId: logto.m2mAppId,
    appSecret: logto.m2mAppSecret,
    resource: logto.managementApiResource,
  });
  const report = await runLogtoSetup({
    api,
    apiResource: logto.apiResource,
    webAppId: logto.appId,
    appUrl: env.appUrl,
    webhookSigningKey: env.webhookSigningKeys[0],
    fix: values.fix,
  });
  console.log(formatSetupReport(report));
  if (!report.ok) {
    console.log(
      values.fix
        ? '\nSome rows could not be fixed by this script: change them as their details say.'
        : '\nRun `npm run logto:setup -- --fix` to change what differs, or change it by hand as the details say.',
    );
  }
  process.exit(report.ok ? 0 : 1);
} catch (error) {
  if (error instanceof InvalidConfigurationError) {
    console.error(error.message);
  } else {
    console.error(`logto:setup failed: ${error instanceof Error ? error.message : String(error)}`);
    console.error('Run `npm run logto:doctor` to find out what is wrong with the configuration.');
  }
  process.exit(2);
}
