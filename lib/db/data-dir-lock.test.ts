import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openDatabase } from './connect';
import { DataDirLockedError, lockDataDir } from './data-dir-lock';

let dir: string;
let lockPath: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'starter-lock-'));
  lockPath = path.join(dir, 'app.lock');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A real other process, alive until killed. */
function otherProcess() {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  return {
    pid: child.pid ?? 0,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

describe('lockDataDir', () => {
  it('refuses a folder whose lock a live process holds, naming it', async () => {
    const other = otherProcess();
    try {
      await writeFile(lockPath, JSON.stringify({ pid: other.pid, host: hostname() }));
      await expect(lockDataDir(lockPath, dir)).rejects.toThrow(new RegExp(`in use by another process \\(pid ${other.pid} on`));
    } finally {
      await other.stop();
    }
  });

  it('takes over a lock left by a process that has exited', async () => {
    const other = otherProcess();
    await other.stop();
    await writeFile(lockPath, JSON.stringify({ pid: other.pid, host: hostname() }));
    const lock = await lockDataDir(lockPath, dir);
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toEqual({ pid: process.pid, host: hostname() });
    await lock.release();
  });

  it('trusts another host only while it refreshes its lock', async () => {
    await writeFile(lockPath, JSON.stringify({ pid: 1, host: 'another-container' }));
    await expect(lockDataDir(lockPath, dir)).rejects.toBeInstanceOf(DataDirLockedError);
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(lockPath, longAgo, longAgo);
    const lock = await lockDataDir(lockPath, dir);
    await lock.release();
  });

  it('refuses a second lock in the same process and frees the folder on release', async () => {
    const lock = await lockDataDir(lockPath, dir);
    await expect(lockDataDir(lockPath, dir)).rejects.toBeInstanceOf(DataDirLockedError);
    await lock.release();
    await expect(readFile(lockPath)).rejects.toThrow(/ENOENT/);
    await (await lockDataDir(lockPath, dir)).release();
  });
});

it('a second process opening the same PGlite folder gets a clear error while the first has it open', async () => {
  const first = await openDatabase({ dataDir: dir });
  try {
    const script = `
      const { openDatabase } = require('./lib/db/connect.ts');
      openDatabase({ dataDir: ${JSON.stringify(dir)} }).then(
        () => console.log('opened'),
        (error) => { console.log(error.message); process.exitCode = 3; },
      );`;
    const child = spawn(path.resolve('node_modules/.bin/tsx'), ['--eval', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(output).toContain(`is in use by another process (pid ${process.pid} on ${hostname()})`);
    expect(code).toBe(3);
  } finally {
    await first.close();
  }
}, 120_000); // PGlite's first start on disk (initdb) takes seconds, more on a busy machine
