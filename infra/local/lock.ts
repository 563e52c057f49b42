/**
 * One runtime per kept data directory: two DynamoDB Local JVMs on one SQLite file corrupt each
 * other's view of it. The lock is a file naming the runtime's pid and its JVM's; it is stale, and
 * taken over, only when neither of them is alive any more.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalStartError } from './jvm.ts';

interface Holder {
  runtime: number;
  jvm?: number;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const readHolder = (file: string): Holder | undefined => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Holder;
  } catch {
    return undefined; // gone, or half written by a runtime that died: not a holder
  }
};

export const lockDataDir = (dir: string) => {
  const file = join(dir, 'zhengming.lock');
  const write = (holder: Holder, flag: 'wx' | 'w') =>
    writeFileSync(file, `${JSON.stringify(holder)}\n`, { flag });
  const mine: Holder = { runtime: process.pid };
  for (let attempt = 0; ; attempt++) {
    try {
      write(mine, 'wx');
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
    }
    const holder = readHolder(file);
    const live = [holder?.runtime, holder?.jvm].find((pid) => pid !== undefined && alive(pid));
    if (live !== undefined)
      throw new LocalStartError(
        `The data directory ${dir} is in use by process ${live} (another runtime or its DynamoDB Local); stop it or choose another --data-dir.`,
      );
    rmSync(file, { force: true });
  }
  let held = true;
  return {
    /** Names the JVM too, so that an orphaned JVM still holds the directory. */
    hold(jvm: number) {
      if (held) write({ ...mine, jvm }, 'w');
    },
    release() {
      if (!held) return;
      held = false;
      if (readHolder(file)?.runtime === process.pid) rmSync(file, { force: true });
    },
  };
};
