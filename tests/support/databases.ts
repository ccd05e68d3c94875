// Runs data-layer tests on every database the app supports: PGlite (always, in memory) and
// PostgreSQL when TEST_DATABASE_URL is set. Each PostgreSQL run gets a fresh database that is
// dropped afterwards, so runs never see each other's rows.
import { randomBytes } from 'node:crypto';

import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';

import { openDatabase, type Database, type DatabaseHandle } from '@/lib/db/connect';

import { readPgliteTemplate } from './pglite-template';

// Read here rather than through lib/env.ts: this is test configuration, not app configuration.
const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

/** A database for one test run; `instance` is a handle like a second app instance would open on it. */
export type TestDatabaseHandle = DatabaseHandle & { openInstance: () => Promise<DatabaseHandle> };

export type TestDatabase = {
  name: 'pglite' | 'postgresql';
  /** `fresh`: PGlite starts empty and applies every migration (PostgreSQL always does). */
  open: (options?: { fresh?: boolean }) => Promise<TestDatabaseHandle>;
};

function withDatabase(url: string, database: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function openFreshPostgres(url: string): Promise<TestDatabaseHandle> {
  const name = `starter_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const databaseUrl = withDatabase(url, name);
  const handle = await openDatabase({ databaseUrl, dataDir: null });
  const instances: DatabaseHandle[] = [];
  return {
    db: handle.db,
    // Its own connection pool, as another app instance would have.
    openInstance: async () => {
      const instance = await openDatabase({ databaseUrl, dataDir: null });
      instances.push(instance);
      return instance;
    },
    close: async () => {
      for (const instance of instances) await instance.close();
      await handle.close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

async function openPglite({ fresh }: { fresh: boolean }): Promise<DatabaseHandle> {
  const template = fresh ? undefined : await readPgliteTemplate();
  return openDatabase({ dataDir: null, pgliteTemplate: template });
}

export const testDatabases: TestDatabase[] = [
  {
    name: 'pglite',
    open: async ({ fresh = false } = {}) => {
      const handle = await openPglite({ fresh });
      // PGlite has one owner per database: every instance of the app shares its handle.
      return { ...handle, openInstance: async () => ({ db: handle.db, close: async () => {} }) };
    },
  },
  ...(testDatabaseUrl
    ? [{ name: 'postgresql' as const, open: () => openFreshPostgres(testDatabaseUrl) }]
    : []),
];

/**
 * `describe` once per database. The callback gets a getter, valid inside tests and hooks,
 * for that run's migrated database.
 */
export function describeEachDatabase(
  title: string,
  body: (getDb: () => Database, database: { openInstance: () => Promise<DatabaseHandle> }) => void,
  { fresh = false }: { fresh?: boolean } = {},
) {
  for (const target of testDatabases) {
    describe(`${title} [${target.name}]`, () => {
      let handle: TestDatabaseHandle | undefined;
      // A fresh PGlite runs initdb: seconds, much more on a busy machine.
      beforeAll(async () => {
        handle = await target.open({ fresh });
      }, fresh ? 180_000 : undefined);
      afterAll(async () => {
        await handle?.close();
      });
      const opened = () => {
        if (!handle) throw new Error('database not open yet: use it inside a test or hook');
        return handle;
      };
      body(() => opened().db, { openInstance: () => opened().openInstance() });
    });
  }
}
