// Runs data-layer tests on every database the app supports: PGlite (always, in memory) and
// PostgreSQL when TEST_DATABASE_URL is set. Each PostgreSQL run gets a fresh database that is
// dropped afterwards, so runs never see each other's rows.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';

import { MIGRATIONS_FOLDER, openDatabase, type Database, type DatabaseHandle } from '@/lib/db/connect';

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

/**
 * PGlite's initdb costs seconds of CPU at every in-memory start, and the suite opens one per
 * data-layer test file. The first start keeps a dump of the freshly migrated database in
 * node_modules/.cache (as the local Logto does for its own); later starts load it. The key
 * covers the PGlite build and every migration file, so a change rebuilds it by migrating an
 * empty database again. `database migrations` (lib/db/migrations.test.ts) always starts empty.
 */
const TEMPLATE_CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/app-pglite/', import.meta.url));

async function templateKey() {
  const hash = createHash('sha256');
  hash.update(await readFile(fileURLToPath(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url)), 'utf8').catch(() => ''));
  const files = (await readdir(MIGRATIONS_FOLDER, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  for (const file of files.map((entry) => path.join(entry.parentPath, entry.name)).sort()) {
    hash.update(path.relative(MIGRATIONS_FOLDER, file)).update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

let templateFile: Promise<string> | undefined;
let cached: Promise<Blob | undefined> | undefined;
let writing = false;

async function openPglite({ fresh }: { fresh: boolean }): Promise<DatabaseHandle> {
  if (fresh) return openDatabase({ dataDir: null });
  templateFile ??= templateKey().then((key) => path.join(TEMPLATE_CACHE_DIR, `template-${key}.tar.gz`));
  const file = await templateFile;
  cached ??= readFile(file).then(
    (bytes) => new Blob([bytes]),
    () => undefined,
  );
  const template = await cached;
  if (template) return openDatabase({ dataDir: null, pgliteTemplate: template });
  // No template yet: this database is migrated from empty, and its dump becomes the template.
  const handle = await openDatabase({ dataDir: null });
  if (!writing) {
    writing = true;
    try {
      const dump = await (handle.db as unknown as { $client: PGlite }).$client.dumpDataDir('gzip');
      await mkdir(TEMPLATE_CACHE_DIR, { recursive: true });
      // Written aside then renamed: a test file starting meanwhile never reads half a file.
      const partial = `${file}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
      await rename(partial, file);
      cached = Promise.resolve(dump);
    } catch {
      // Only an optimization (read-only node_modules, full disk...).
    }
  }
  return handle;
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
      beforeAll(async () => {
        handle = await target.open({ fresh });
      });
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
