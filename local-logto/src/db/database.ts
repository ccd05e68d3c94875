import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { PGlite } from '@electric-sql/pglite';

import { migrations } from './migrations.js';

/** What every data-access function needs: a connection or an open transaction. */
export interface Queryable {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[]; affectedRows?: number }>;
}

export interface Database extends Queryable {
  /** Runs `work` in one PostgreSQL transaction: all of it is committed, or none. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const LOCK_FILE = 'local-logto.lock';
const PGLITE_DIR = 'pglite';

/**
 * Opens the database: an in-memory one when `dataDir` is undefined (tests), else
 * a PGlite cluster persisted under `dataDir`. Applies pending migrations.
 */
export async function openDatabase(dataDir: string | undefined, options: { reset?: boolean } = {}): Promise<Database> {
  let releaseLock: (() => Promise<void>) | undefined;
  if (dataDir !== undefined) {
    await mkdir(dataDir, { recursive: true });
    releaseLock = await acquireLock(dataDir);
    if (options.reset) {
      // Only what this server created is wiped: the data folder may be shared by hand.
      await rm(path.join(dataDir, PGLITE_DIR), { recursive: true, force: true });
    }
  }

  let pglite: PGlite;
  try {
    pglite = dataDir === undefined ? await createInMemory() : await openOnDisk(path.join(dataDir, PGLITE_DIR));
  } catch (error) {
    await releaseLock?.();
    throw error;
  }

  const database = wrap(pglite, async () => {
    await releaseLock?.();
    releaseLock = undefined;
  });
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

function wrap(pglite: PGlite, afterClose: () => Promise<void> = async () => {}): Database {
  return {
    query: (sql, params) => pglite.query(sql, params),
    transaction: (work) => pglite.transaction((tx) => work(tx)),
    close: async () => {
      if (!pglite.closed) {
        await pglite.close();
      }
      await afterClose();
    },
  };
}

/**
 * PGlite's initdb costs seconds at every in-memory start, and tests start many
 * servers. The first start keeps a dump of the freshly migrated, empty
 * database in node_modules/.cache; later starts load it instead. The cache
 * key covers the PGlite build and the migrations, so a change rebuilds it.
 */
const TEMPLATE_CACHE_DIR = fileURLToPath(new URL('../../../node_modules/.cache/local-logto/', import.meta.url));

async function templatePath(): Promise<string> {
  const pgliteVersion = await readFile(
    fileURLToPath(new URL('../../../node_modules/@electric-sql/pglite/package.json', import.meta.url)),
    'utf8',
  ).catch(() => 'unknown');
  const key = createHash('sha256').update(pgliteVersion).update(JSON.stringify(migrations)).digest('hex').slice(0, 16);
  return path.join(TEMPLATE_CACHE_DIR, `pglite-template-${key}.tar.gz`);
}

/**
 * In memory (tests only): PostgreSQL's default 128 MB of shared buffers are set up at every
 * start, a large share of its CPU time; a test's database fits in far less.
 */
const IN_MEMORY_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

async function readTemplate(template: string): Promise<Blob | undefined> {
  const cached = await readFile(template).catch(() => undefined);
  return cached ? new Blob([cached]) : undefined;
}

async function createInMemory(): Promise<PGlite> {
  const template = await templatePath();
  const cached = await readTemplate(template);
  if (cached) {
    try {
      return await PGlite.create({ loadDataDir: cached, startParams: IN_MEMORY_START_PARAMS });
    } catch {
      // An unreadable template is rebuilt below.
    }
  }
  const pglite = await PGlite.create({ startParams: IN_MEMORY_START_PARAMS });
  await migrate(wrap(pglite));
  try {
    const dump = await pglite.dumpDataDir('gzip');
    await mkdir(TEMPLATE_CACHE_DIR, { recursive: true });
    // Written aside then renamed, so a concurrent start never reads half a file.
    const partial = `${template}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, template);
  } catch {
    // The cache is an optimization only (read-only node_modules, full disk...).
  }
  return pglite;
}

/**
 * A new data folder starts from the in-memory starts' template when there is one (a first
 * start or `--reset` then skips initdb, seconds of CPU); otherwise PGlite runs initdb in it.
 * Either way the pending migrations apply next.
 */
async function openOnDisk(folder: string): Promise<PGlite> {
  const exists = await readFile(path.join(folder, 'PG_VERSION')).then(() => true, () => false);
  const cached = exists ? undefined : await readTemplate(await templatePath());
  if (cached) {
    try {
      return await PGlite.create({ dataDir: folder, loadDataDir: cached });
    } catch {
      // An unreadable template: start the folder again with initdb.
      await rm(folder, { recursive: true, force: true });
    }
  }
  return PGlite.create(folder);
}

async function migrate(database: Database): Promise<void> {
  await database.query(`create table if not exists schema_migrations (version integer primary key, applied_at timestamptz not null default now())`);
  const { rows } = await database.query<{ version: number }>('select coalesce(max(version), 0) as version from schema_migrations');
  const current = rows[0]?.version ?? 0;
  for (const [index, sql] of migrations.entries()) {
    const version = index + 1;
    if (version <= current) {
      continue;
    }
    await database.transaction(async (tx) => {
      for (const statement of splitStatements(sql)) {
        await tx.query(statement);
      }
      await tx.query('insert into schema_migrations (version) values ($1)', [version]);
    });
  }
}

/** The migrations contain no functions or quoted semicolons, so a plain split is exact. */
function splitStatements(sql: string): string[] {
  return sql
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

/**
 * Two servers on one PGlite folder would corrupt it, so the folder is locked by
 * pid; a lock left by a process that no longer runs is taken over.
 */
async function acquireLock(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = path.join(dataDir, LOCK_FILE);
  try {
    await writeFile(lockPath, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if (!isErrnoException(error) || error.code !== 'EEXIST') {
      throw error;
    }
    const holder = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(holder) && holder !== process.pid && isProcessAlive(holder)) {
      throw new Error(
        `Another local Logto (pid ${holder}) is using the data folder ${dataDir}. Stop it first, or use another --data-dir.`,
      );
    }
    await writeFile(lockPath, String(process.pid));
  }
  return async () => {
    await rm(lockPath, { force: true });
  };
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrnoException(error) && error.code === 'EPERM';
  }
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}

/** PostgreSQL error codes the API maps to Logto's error bodies. */
export function isUniqueViolation(error: unknown): boolean {
  return databaseErrorCode(error) === '23505';
}

export function isForeignKeyViolation(error: unknown): boolean {
  return databaseErrorCode(error) === '23503';
}

function databaseErrorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}
