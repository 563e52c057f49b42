/**
 * `npm start` as a child process, as a user runs it, and the processes it left behind. Every
 * child gets a tag in its environment, which every descendant inherits (the JVM too), so the
 * tests count exactly their own processes, never another engineer's JVM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const tagName = 'ZM_RUNTIME_TEST_RUN';

export interface RuntimeChild {
  npm: ChildProcess;
  tag: string;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; afterMs: number }>;
}

export const startNpm = (args: string[], env: Record<string, string> = {}): RuntimeChild => {
  const tag = randomBytes(6).toString('hex');
  const startedAt = Date.now();
  const npm = spawn('npm', ['start', '--', ...args], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ZM_LOCAL_DIR: mkdtempSync(join(tmpdir(), 'zhengming-runtime-test-')),
      LOG_LEVEL: 'WARN',
      [tagName]: tag,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  npm.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  npm.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; afterMs: number }>(
    (done) => npm.once('exit', (code, signal) => done({ code, signal, afterMs: Date.now() - startedAt })),
  );
  return { npm, tag, stdout: () => stdout, stderr: () => stderr, exited };
};

/** The live processes carrying this child's tag (zombies are dead and not counted). */
export const taggedProcesses = (tag: string): { pid: number; command: string }[] => {
  const found: { pid: number; command: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const environ = readFileSync(`/proc/${name}/environ`, 'latin1');
      if (!environ.split('\0').includes(`${tagName}=${tag}`)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const command = readFileSync(`/proc/${name}/cmdline`, 'latin1').replaceAll('\0', ' ').slice(0, 120);
      found.push({ pid: Number(name), command });
    } catch {
      // ended while being read, or not ours to read
    }
  }
  return found;
};

export const alive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
};

export const waitFor = async <T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** Waits for the ready banner; returns the runtime's URL and the pids it printed. */
export const ready = async (child: RuntimeChild, timeoutMs = 240_000) => {
  const banner = await Promise.race([
    waitFor(
      'the ready banner',
      () => /ready in[\s\S]*Press Ctrl-C/.test(child.stdout()) && child.stdout(),
      timeoutMs,
    ),
    child.exited.then(({ code }) => {
      throw new Error(`npm start exited (${code}) before it was ready:\n${child.stderr()}`);
    }),
  ]);
  return {
    url: /API\s+(http:\/\/\S+)/.exec(banner)?.[1] as string,
    runtimePid: Number(/runtime pid (\d+)/.exec(banner)?.[1]),
    jvmPid: Number(/JVM pid (\d+)/.exec(banner)?.[1]),
  };
};

/** Stops whatever a failed test left running: only this child's processes, by their pids. */
export const cleanUp = (child: RuntimeChild | undefined) => {
  if (!child) return;
  for (const { pid } of taggedProcesses(child.tag)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
};
