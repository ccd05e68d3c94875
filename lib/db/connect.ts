import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';

import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

import { lockDataDir, type DataDirLock } from './data-dir-lock';
import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseHandle = { db: Database; close: () => Promise<void> };

/** A PostgreSQL URL, or else PGlite under `dataDir` (null: in memory, for tests). */
export type DatabaseTarget = {
  databaseUrl?: string;
  dataDir: string | null;
  /** PostgreSQL pool size (default 10). */
  poolMax?: number;
  /** PostgreSQL per-statement limit in ms; 0 or unset: none. */
  statementTimeoutMs?: number;
  /** Apply pending migrations before handing the database out (default true). */
  migrate?: boolean;
  /**
   * In memory only (tests): start from this dump of a migrated database (`dumpDataDir`) instead
   * of an empty one, which skips PGlite's initdb. Pending migrations still apply.
   */
  pgliteTemplate?: Blob;
};

// Migrations are read at run time from the app root: the project folder under `next start`,
// the folder of server.js in the standalone output (it chdirs there), the function root on
// serverless hosts. next.config.ts traces this folder into every build output.
export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'lib', 'db', 'migrations');

// One key for this app's migrations (any constant bigint; pg_advisory_lock is per database).
const MIGRATION_LOCK_KEY = '4184069330861263405';

/**
 * Applies pending migrations to a PostgreSQL database, one process at a time: the migration
 * runs on its own connection holding a session advisory lock, so instances starting together
 * wait for the first, then find nothing left to do. The lock dies with the connection, so a
 * crashed migrator never leaves it held.
 */
export async function migratePostgres(databaseUrl: string) {
  const [{ Client }, { drizzle }, { migrate }] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
    import('drizzle-orm/node-postgres/migrator'),
  ]);
  await assertMigrationsPresent();
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    // A migration may legitimately outlast the app's per-request statement limit.
    await client.query('set statement_timeout = 0');
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

async function assertMigrationsPresent() {
  try {
    await access(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'));
  } catch {
    throw new Error(
      `The database migrations are not at ${MIGRATIONS_FOLDER}. Run the server from the app's folder; a build output must include lib/db/migrations (next.config.ts traces it).`,
    );
  }
}

/** Opens a database and (unless told not to) applies every pending migration before handing it out. */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  const migrateFirst = target.migrate ?? true;
  if (target.databaseUrl) {
    const [{ Pool }, { drizzle }] = await Promise.all([import('pg'), import('drizzle-orm/node-postgres')]);
    if (migrateFirst) await migratePostgres(target.databaseUrl);
    const pool = new Pool({
      connectionString: target.databaseUrl,
      max: target.poolMax ?? 10,
      connectionTimeoutMillis: 10_000,
      ...(target.statementTimeoutMs ? { statement_timeout: target.statementTimeoutMs } : {}),
    });
    // An idle connection dropped by the server (restart, failover) must not crash the process:
    // the pool replaces it on the next checkout.
    pool.on('error', (error) => {
      console.error('[db] idle PostgreSQL connection failed:', error.message);
    });
    return { db: drizzle(pool, { schema }), close: () => pool.end() };
  }

  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  let dataDir: string | undefined;
  let lock: DataDirLock | undefined;
  // IMPORTANT: no literal default folder here. Turbopack traces literal paths handed to fs
  // calls and watches them in `next dev`; every database write then reloaded the page, forever.
  if (target.dataDir !== null) {
    dataDir = path.resolve(target.dataDir, 'app');
    await mkdir(dataDir, { recursive: true });
    lock = await lockDataDir(`${dataDir}.lock`, dataDir);
  }
  let client: InstanceType<typeof PGlite> | undefined;
  try {
    client = dataDir === undefined && target.pgliteTemplate ? new PGlite({ loadDataDir: target.pgliteTemplate }) : new PGlite(dataDir);
    const db = drizzle(client, { schema });
    if (migrateFirst) {
      await assertMigrationsPresent();
      await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    }
    const opened = client;
    return {
      db,
      close: async () => {
        await opened.close();
        await lock?.release();
      },
    };
  } catch (error) {
    await client?.close().catch(() => {});
    await lock?.release();
    throw error;
  }
}

// One database per process, kept on globalThis so Next's dev-mode module reloads reuse it
// (PGlite allows one process-wide owner of its data folder).
const globalForDb = globalThis as typeof globalThis & {
  __appDatabase?: Promise<DatabaseHandle>;
  __appDatabaseClosed?: boolean;
};

export async function getDatabase(target: DatabaseTarget): Promise<Database> {
  if (globalForDb.__appDatabaseClosed) throw new Error('The database is closed: the server is shutting down.');
  if (!globalForDb.__appDatabase) {
    const opening = openDatabase(target);
    globalForDb.__appDatabase = opening;
    // Never keep a database whose start failed: the next call tries again.
    opening.catch(() => {
      if (globalForDb.__appDatabase === opening) globalForDb.__appDatabase = undefined;
    });
  }
  return (await globalForDb.__appDatabase).db;
}

/** Closes this process's database, if it was opened (graceful shutdown). */
export async function closeDatabase() {
  globalForDb.__appDatabaseClosed = true;
  const opening = globalForDb.__appDatabase;
  if (!opening) return;
  globalForDb.__appDatabase = undefined;
  const handle = await opening.catch(() => undefined);
  await handle?.close();
}
