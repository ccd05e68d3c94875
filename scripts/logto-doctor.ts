// `npm run logto:doctor`: checks the app's Logto configuration (LOGTO_* and APP_URL) against
// the tenant and prints, for every problem, what to change and where. Exit code 1 on a failure.
// The same checks run once at every server start (instrumentation.ts).
// --test-delivery also asks Logto to send a test webhook to the running app.
import { parseArgs } from 'node:util';

import nextEnv from '@next/env';

import { parseEnv } from '../lib/env';
import { doctorInputsFromEnv } from '../lib/logto/doctor/doctor-inputs';
import { formatDoctorReport } from '../lib/logto/doctor/format-doctor-report';
import { runLogtoDoctor } from '../lib/logto/doctor/run-logto-doctor';

const { values } = parseArgs({
  options: { 'test-delivery': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log(`Usage: npm run logto:doctor [-- --test-delivery]

Checks the Logto configuration (LOGTO_*, APP_URL) against the tenant. With --test-delivery,
Logto also sends a test webhook to the running app at APP_URL.`);
  process.exit(0);
}

nextEnv.loadEnvConfig(process.cwd(), true, { info: () => {}, error: console.error });
try {
  const env = parseEnv(process.env);
  if (env.usesLocalLogto) console.log('LOGTO_ENDPOINT is unset: checking the local Logto (start it with `npm run dev`).\n');
  const report = await runLogtoDoctor(doctorInputsFromEnv(env, { testWebhookDelivery: values['test-delivery'] }));
  console.log(formatDoctorReport(report));
  process.exit(report.ok ? 0 : 1);
} catch (error) {
  // parseEnv's message already names every bad variable.
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
