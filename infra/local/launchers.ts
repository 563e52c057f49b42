/**
 * Noticing that the process which launched the runtime has gone. `npm start` runs
 * npm → sh → tsx → node (this process); a SIGTERM to npm alone ends npm and nothing else, and
 * Node cannot ask Linux to signal it when an ancestor dies (prctl PR_SET_PDEATHSIG). So the
 * chain of launchers is read from /proc at start and checked every second: when a link breaks
 * (a launcher ended and its child was adopted elsewhere), `onGone` runs.
 */
import { readFileSync } from 'node:fs';

const parentOf = (pid: number): number | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (command) state ppid …": the command may hold spaces and parentheses.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
};

/** The environment a process was started with (readable for one's own processes). */
const startEnvironmentHas = (pid: number, entry: string): boolean => {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(entry);
  } catch {
    return false;
  }
};

/**
 * This process's launchers, nearest first: the parent and, under `npm run`, every ancestor
 * started by the same npm script (they share npm_lifecycle_event), then npm itself.
 */
export const launcherChain = (): number[] => {
  const chain = [process.ppid];
  const marker = process.env.npm_lifecycle_event;
  if (marker === undefined) return chain;
  const entry = `npm_lifecycle_event=${marker}`;
  for (let pid = process.ppid; pid > 1 && startEnvironmentHas(pid, entry) && chain.length < 16; ) {
    const parent = parentOf(pid);
    if (parent === undefined || parent <= 1) break;
    chain.push(parent);
    pid = parent;
  }
  return chain;
};

export const watchLaunchers = (onGone: () => void, everyMs = 1_000) => {
  const hasProc = parentOf(process.pid) !== undefined;
  const chain = hasProc ? launcherChain() : [process.ppid];
  const intact = () => {
    if (process.ppid !== chain[0]) return false;
    if (!hasProc) return true;
    for (let i = 0; i + 1 < chain.length; i++)
      if (parentOf(chain[i] as number) !== chain[i + 1]) return false;
    return parentOf(chain.at(-1) as number) !== undefined;
  };
  const timer = setInterval(() => {
    if (intact()) return;
    clearInterval(timer);
    onGone();
  }, everyMs);
  timer.unref();
  return { chain, stop: () => clearInterval(timer) };
};
