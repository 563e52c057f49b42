/**
 * `npm start`: the whole service on this machine. DynamoDB Local and the SNS emulator are
 * started for you; Ctrl-C stops them and everything else. `npm start -- --persist` keeps the data
 * in .local/data between runs (or `--data-dir <dir>`); `--port <n>` (or PORT) picks the port.
 *
 * Stopping: SIGINT, SIGTERM and SIGHUP stop accepting, let the requests in flight finish, then
 * stop the workers and the JVM. So does the end of the process that launched this one (npm, when
 * only npm is sent SIGTERM). If this process is killed outright, the JVM's wrapper (jvm.ts) stops
 * the JVM; if the JVM dies, this process says so in one line and exits non-zero.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LocalStartError } from './jvm.ts';
import { localDir } from './keys.ts';
import { watchLaunchers } from './launchers.ts';
import { portIsFree } from './ports.ts';
import type { LocalRuntime } from './runtime.ts';

const started = performance.now();
const usage = 'usage: npm start -- [--port <n>] [--persist | --data-dir <dir>]';
const fail = (line: string, code = 1): never => {
  console.error(line);
  process.exit(code);
};

let values: { persist?: boolean; 'data-dir'?: string; port?: string; help?: boolean; commissions?: boolean } =
  {};
try {
  ({ values } = parseArgs({
    options: {
      persist: { type: 'boolean', default: false },
      // Once the switch that seeded the hierarchy; it is always seeded now (commissions.ts). Kept
      // so the commands people and scripts already use still start.
      commissions: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  // Node's message goes on to explain positionals at length; its first sentence names the problem.
  fail(`${(error as Error).message.split('. ')[0]}; ${usage}`, 2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const dataDir = values['data-dir'] ?? (values.persist ? join(localDir, 'data') : undefined);
const portText = values.port ?? process.env.PORT ?? '3000';
const port = Number(portText);
if (!/^\d+$/.test(portText) || port < 1 || port > 65535) fail(`Not a port: ${portText}; ${usage}`, 2);

// Before anything starts: a taken port is one line and a second, not a JVM left behind.
const portTaken = `Port ${port} is already in use on 127.0.0.1; stop what holds it or choose another (npm start -- --port <n>).`;
if (!(await portIsFree(port))) fail(portTaken);

let runtime: LocalRuntime | undefined;
let stopping = false;
const shutdown = (why: string, code: number) => {
  if (stopping) return;
  stopping = true;
  // Still starting: exiting is enough, the JVM's wrapper sees this process go and stops it.
  if (!runtime) fail(`${why}: stopped while starting.`, code);
  const line = `${why}: finishing requests in flight, then stopping the workers, the SNS emulator and DynamoDB Local…`;
  // A requested stop is news for stdout; a failure is one line on stderr.
  if (code === 0) console.log(`\n${line}`);
  else console.error(line);
  void (runtime as LocalRuntime)
    .stop()
    .catch((error: unknown) => console.error(`Stopping failed: ${(error as Error).message}`))
    .finally(() => process.exit(code));
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal, 0));
watchLaunchers(() => shutdown('The process that started this one has ended', 1));

// Fault injection for the shutdown tests: every API call first waits this long.
const delayMs = Number(process.env.ZM_LOCAL_HANDLER_DELAY_MS ?? 0);
// How often the outbox sweep runs (60 s by default, as in the cloud's one minute); the restart
// test shortens it to see what a killed runtime left unpublished go out after a restart.
const outboxSweepSeconds = Number(process.env.ZM_OUTBOX_SWEEP_SECONDS ?? 0);

try {
  const { ensureWebBuild, webDist } = await import('./web.ts');
  // The pages are built once and again only when their sources changed (about a second).
  const built = await ensureWebBuild().catch((error: unknown) => {
    throw new LocalStartError(`The web pages could not be built: ${(error as Error).message}`);
  });
  const { startLocalRuntime } = await import('./runtime.ts');
  runtime = await startLocalRuntime({
    port,
    dataDir,
    webDir: webDist,
    ...(outboxSweepSeconds > 0 ? { outboxSweepIntervalSeconds: outboxSweepSeconds } : {}),
    ...(delayMs > 0
      ? {
          aroundHandler: async (_route, invoke) => {
            await new Promise((r) => setTimeout(r, delayMs));
            return invoke();
          },
        }
      : {}),
  });
  if (stopping) {
    await runtime.stop();
    process.exit(0);
  }
  // The fictional hierarchy and its demo members, the deployment's own commission among them.
  const { seedLocalCommissions, localCommissions, localOwnCommissionId } = await import('./commissions.ts');
  await seedLocalCommissions(runtime.dynamoDbEndpoint, runtime.tableName);
  const own = localCommissions.find((c) => c.commissionId === localOwnCommissionId);
  const { dynamoDbPid } = runtime;
  void runtime.dynamoDbDied.then((how) =>
    shutdown(`DynamoDB Local (pid ${dynamoDbPid}) ${how}; the runtime cannot serve without it`, 1),
  );
  console.log(`
正名 Zhengming — local runtime ready in ${((performance.now() - started) / 1000).toFixed(1)} s
  Web            ${runtime.url}/          (portal; console at ${runtime.url}/console${built ? ', just rebuilt' : ''})
  API            ${runtime.url}          (OpenAPI: ${runtime.url}/openapi.json)
  Inbox (SNS)    ${runtime.url}/local/inbox
  DynamoDB Local ${runtime.dynamoDbEndpoint}   table "${runtime.tableName}", ${dataDir ? `kept in ${dataDir}` : 'in memory'} (JVM pid ${dynamoDbPid})
  SNS emulator   ${runtime.snsEndpoint}
  Commissions    ${localCommissions.length} seeded (GET /commissions); this portal's own: ${own?.name} (${localOwnCommissionId})
  Staff token    npm run --silent token -- --role intake --user demo   (--commission <id> for another)
Press Ctrl-C to stop (runtime pid ${process.pid}; the requests in flight finish first).
`);
} catch (error) {
  if (stopping) process.exit(0);
  // Taken between the check and the listen: the runtime has stopped what it started.
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') fail(portTaken);
  const message = error instanceof LocalStartError ? error.message : String((error as Error)?.stack ?? error);
  fail(`Zhengming could not start: ${message}`);
}
