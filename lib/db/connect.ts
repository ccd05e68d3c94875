import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseHandle = { db: Database; close: () => Promise<void> };

/** A PostgreSQL URL, or else PGlite under `dataDir` (null: in memory, for tests). */
export type DatabaseTarget = { databaseUrl?: string; dataDir: string | null };

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'lib', 'db', 'migrations');

/** Opens a database and applies every pending migration before handing it out. */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.databaseUrl) {
    const [{ Pool }, { drizzle }, { migrate }] = await Promise.all([
      import('pg'),
      import('drizzle-orm/node-postgres'),
      import('drizzle-orm/node-postgres/migrator'),
    ]);
    const pool = new Pool({ connectionString: target.databaseUrl, max: 10 });
    try {
      const db = drizzle(pool, { schema });
      await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
      return { db, close: () => pool.end() };
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  let dataDir: string | undefined;
  // IMPORTANT: no literal default folder here. Turbopack traces literal paths handed to fs
  // calls and watches them in `next dev`; every database write then reloaded the page, forever.
  if (target.dataDir !== null) {
    dataDir = path.resolve(target.dataDir, 'app');
    await mkdir(dataDir, { recursive: true });
  }
  const client = new PGlite(dataDir);
  try {
    const db = drizzle(client, { schema });
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return { db, close: () => client.close() };
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }
}

// One database per process, kept on globalThis so Next's dev-mode module reloads reuse it
// (PGlite allows one process-wide owner of its data folder).
const globalForDb = globalThis as typeof globalThis & { __appDatabase?: Promise<DatabaseHandle> };

export async function getDatabase(target: DatabaseTarget): Promise<Database> {
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
