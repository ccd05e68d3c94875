// Several instances starting together on an empty PostgreSQL database: every one runs the
// migrations at once, in its own process, as `npm run db:migrate` (the same code path as an
// instance's first connection). The advisory lock must make each succeed, once.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import pg from 'pg';
import { expect, it } from 'vitest';

import { MIGRATIONS_FOLDER } from './connect';

const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;
const PROCESSES = 5;

function migrateInChildProcess(databaseUrl: string) {
  const child = spawn(path.resolve('node_modules/.bin/tsx'), ['scripts/db-migrate.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise<{ code: number | null; output: string }>((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

it.skipIf(!testDatabaseUrl)(
  `${PROCESSES} processes migrating one empty PostgreSQL database at once all succeed, each migration applied once (needs TEST_DATABASE_URL)`,
  async () => {
    if (!testDatabaseUrl) return;
    const name = `starter_migrate_${Date.now()}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(testDatabaseUrl);
    url.pathname = `/${name}`;
    try {
      const results = await Promise.all(Array.from({ length: PROCESSES }, () => migrateInChildProcess(url.toString())));
      for (const result of results) expect(result, result.output).toMatchObject({ code: 0 });

      const journal = JSON.parse(await readFile(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        const applied = await client.query<{ count: string }>('select count(*) from drizzle.__drizzle_migrations');
        expect(Number(applied.rows[0]?.count)).toBe(journal.entries.length);
        const tables = await client.query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public'");
        expect(tables.rows.map((row) => row.tablename)).toEqual(expect.arrayContaining(['projects', 'activity_log']));
      } finally {
        await client.end();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  },
  120_000,
);
