// `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the PGlite folder under
// APP_DATA_DIR) and exits, for deploys that migrate in a release step before new instances
// start (then set DATABASE_MIGRATE_ON_START=false on the instances). Safe to run while other
// instances or migrators start: PostgreSQL migrations run under an advisory lock.
import nextEnv from '@next/env';

import { migratePostgres, openDatabase } from '../lib/db/connect';
import { parseEnv } from '../lib/env';

nextEnv.loadEnvConfig(process.cwd());
// Checked as at build time: a release step need not carry the server-only settings (APP_URL...).
const env = parseEnv({ ...process.env, NEXT_PHASE: 'phase-production-build' });

if (env.databaseUrl) {
  await migratePostgres(env.databaseUrl);
  console.log(`Migrations applied to ${new URL(env.databaseUrl).host}.`);
} else {
  const handle = await openDatabase({ dataDir: env.dataDir });
  await handle.close();
  console.log(`Migrations applied to the PGlite database under ${env.dataDir}.`);
}
