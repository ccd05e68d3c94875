// CPU time used by a process and its descendants, read from Linux's /proc. The bench divides it
// by the requests served: unlike requests per second, CPU time per request barely moves when
// other work shares the machine, so it is the figure to compare between runs on a busy machine.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every mainstream Linux

function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: split after its closing parenthesis.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/** Milliseconds of CPU (user + system) used so far by `pid` and its live descendants; null off Linux. */
export function processTreeCpuMs(pid: number): number | null {
  if (process.platform !== 'linux') return null;
  const fields = statFields(pid);
  if (!fields) return null;
  // After the name: state is index 0, so utime (field 14) is index 11 and stime index 12.
  const ticks = Number(fields[11]) + Number(fields[12]);
  const own = (ticks / TICKS_PER_SECOND) * 1000;
  return childrenOf(pid).reduce((sum, child) => sum + (processTreeCpuMs(child) ?? 0), own);
}
