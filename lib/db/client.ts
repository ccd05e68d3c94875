import 'server-only';

import { getDatabase } from './connect';
import { getEnv } from '@/lib/env';

export type { Database } from './connect';

/**
 * The app's database: PGlite under APP_DATA_DIR when DATABASE_URL is unset, a PostgreSQL pool
 * when it is set. Opened and migrated once per process, on first use.
 */
export function getDb() {
  const { databaseUrl, dataDir, database } = getEnv();
  return getDatabase({
    databaseUrl,
    dataDir,
    poolMax: database.poolMax,
    statementTimeoutMs: database.statementTimeoutMs,
    migrate: database.migrateOnStart,
  });
}
