import { hostname } from 'node:os';
import { readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';

// PGlite is PostgreSQL in one process with no lock of its own: a second process opening the
// same folder corrupts it. The folder is claimed with a lock file written exclusively. A lock is
// taken over only when it is provably stale: its process is gone (same host), or its holder
// stopped refreshing it (another host or container sharing the disk, where a pid means nothing).

const REFRESH_MS = 10_000;
const STALE_AFTER_MS = 3 * REFRESH_MS;

type Holder = { pid: number; host: string };

/** Lock files this process holds: opening one of its own folders twice is refused too. */
const heldHere = new Set<string>();

export class DataDirLockedError extends Error {
  constructor(folder: string, holder: Holder | undefined) {
    const who = holder ? `pid ${holder.pid} on ${holder.host}` : 'a process starting at the same moment';
    super(
      `The embedded database folder ${folder} is in use by another process (${who}). ` +
        'PGlite serves one process only: stop the other one, or use DATABASE_URL (PostgreSQL) to run several instances.',
    );
    this.name = 'DataDirLockedError';
  }
}

export type DataDirLock = { release: () => Promise<void> };

/** Claims `lockPath` for this process, or throws DataDirLockedError naming the holder. */
export async function lockDataDir(lockPath: string, folder: string): Promise<DataDirLock> {
  const me: Holder = { pid: process.pid, host: hostname() };
  if (heldHere.has(lockPath)) throw new DataDirLockedError(folder, me);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await writeFile(lockPath, JSON.stringify(me), { flag: 'wx' });
      return held(lockPath);
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
    const holder = await readHolder(lockPath);
    if (!(await isStale(lockPath, holder, me))) throw new DataDirLockedError(folder, holder);
    // Stale: remove it and race for it again with an exclusive create, so only one process wins.
    await rm(lockPath, { force: true });
  }
  throw new Error(`Could not lock ${folder}: its lock file ${lockPath} keeps changing.`);
}

function held(lockPath: string): DataDirLock {
  heldHere.add(lockPath);
  const refresh = setInterval(() => {
    const now = new Date();
    utimes(lockPath, now, now).catch(() => {});
  }, REFRESH_MS);
  refresh.unref();
  // A process that exits without closing the database still frees the folder.
  const onExit = () => rmSync(lockPath, { force: true });
  process.once('exit', onExit);
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      heldHere.delete(lockPath);
      clearInterval(refresh);
      process.removeListener('exit', onExit);
      await rm(lockPath, { force: true });
    },
  };
}

async function readHolder(lockPath: string): Promise<Holder | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(lockPath, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'pid' in parsed && 'host' in parsed) {
      const { pid, host } = parsed;
      if (typeof pid === 'number' && typeof host === 'string') return { pid, host };
    }
  } catch {
    // Unreadable or half-written: judged by its age below.
  }
  return undefined;
}

async function isStale(lockPath: string, holder: Holder | undefined, me: Holder) {
  if (holder?.host === me.host) {
    // Our own pid here is a previous life of this process's pid (a container restarted as pid 1):
    // this process's own locks were refused above.
    return holder.pid === me.pid || !isProcessAlive(holder.pid);
  }
  const modified = await stat(lockPath).then((info) => info.mtimeMs, () => 0);
  return Date.now() - modified > STALE_AFTER_MS;
}

function isProcessAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}

function isErrno(error: unknown, code: string) {
  return error instanceof Error && 'code' in error && error.code === code;
}
