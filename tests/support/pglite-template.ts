// PGlite's initdb costs seconds of CPU at every in-memory start, and the data-layer tests open
// one per file. The global setup (vitest.config.ts) keeps a dump of a freshly migrated database
// in node_modules/.cache, as the local Logto does for its own; the tests load it instead of
// starting empty. The key covers the PGlite build and every migration file, so a change builds
// it again by migrating an empty database. `database migrations` (lib/db/migrations.test.ts)
// always starts empty.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { PGlite } from '@electric-sql/pglite';

import { MIGRATIONS_FOLDER, openDatabase } from '@/lib/db/connect';

const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/app-pglite/', import.meta.url));

async function templateFile() {
  const hash = createHash('sha256');
  hash.update(await readFile(fileURLToPath(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url)), 'utf8').catch(() => ''));
  const files = (await readdir(MIGRATIONS_FOLDER, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  for (const file of files.map((entry) => path.join(entry.parentPath, entry.name)).sort()) {
    hash.update(path.relative(MIGRATIONS_FOLDER, file)).update(await readFile(file));
  }
  return path.join(CACHE_DIR, `template-${hash.digest('hex').slice(0, 16)}.tar.gz`);
}

let template: Promise<Blob | undefined> | undefined;

/** The template, or undefined when there is none (the database then starts empty). */
export function readPgliteTemplate(): Promise<Blob | undefined> {
  template ??= templateFile().then((file) =>
    readFile(file).then(
      (bytes) => new Blob([bytes]),
      () => undefined,
    ),
  );
  return template;
}

/** Vitest global setup: makes the template unless it exists. */
export default async function ensurePgliteTemplate() {
  const file = await templateFile();
  if (await readFile(file).then(() => true, () => false)) return;
  const handle = await openDatabase({ dataDir: null });
  try {
    const dump = await (handle.db as unknown as { $client: PGlite }).$client.dumpDataDir('gzip');
    await mkdir(CACHE_DIR, { recursive: true });
    // Written aside then renamed: a run starting meanwhile never reads half a file.
    const partial = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file);
  } catch {
    // Only an optimization (read-only node_modules, full disk...): tests then start empty.
  } finally {
    await handle.close();
  }
}
