// `npm run logto:sync`: rebuilds the app's mirror of Logto (organizations, memberships and
// roles, members' display data, invitations) from the Management API, and drops what Logto no
// longer has. Safe to run at any time; the app also heals the mirror by itself (webhooks and
// expiry), so this is for a fresh database, a restored backup or a tenant that had no webhook.
// With the embedded database (no DATABASE_URL), stop the app first: PGlite has one owner.
import nextEnv from '@next/env';

import { openDatabase } from '../lib/db/connect';
import { InvalidConfigurationError, parseEnv } from '../lib/env';
import { createManagementApi } from '../lib/logto/management-api';
import { createMirror } from '../lib/mirror/mirror';

nextEnv.loadEnvConfig(process.cwd(), true, { info: () => {}, error: console.error });
let exitCode = 0;
try {
  const env = parseEnv(process.env);
  const { logto } = env;
  console.log(`Logto tenant: ${logto.endpoint}${env.usesLocalLogto ? ' (the local Logto: LOGTO_ENDPOINT is unset)' : ''}`);
  const handle = await openDatabase({ databaseUrl: env.databaseUrl, dataDir: env.dataDir });
  try {
    const api = createManagementApi({ endpoint: logto.endpoint, appId: logto.m2mAppId, appSecret: logto.m2mAppSecret, resource: logto.managementApiResource });
    const started = Date.now();
    const result = await createMirror({ db: handle.db, api, ttlMs: env.mirrorTtlMs }).rebuild();
    console.log(
      `Mirror rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.organizations} organizations, ` +
        `${result.memberships} memberships; ${result.removed} organizations Logto no longer has were removed.`,
    );
  } finally {
    await handle.close();
  }
} catch (error) {
  console.error(error instanceof InvalidConfigurationError ? error.message : `logto:sync failed: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
}
process.exit(exitCode);
