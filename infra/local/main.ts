/**
 * `npm start`: the whole service on this machine. DynamoDB Local and the SNS emulator are
 * started for you; Ctrl-C stops them and everything else. `npm start -- --persist` keeps the data
 * in .local/data between runs (or `--data-dir <dir>`).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { localDir } from './keys.ts';
import { startLocalRuntime } from './runtime.ts';
import { ensureWebBuild, webDist } from './web.ts';

const started = performance.now();
const { values } = parseArgs({
  options: { persist: { type: 'boolean', default: false }, 'data-dir': { type: 'string' } },
});
const dataDir = values['data-dir'] ?? (values.persist ? join(localDir, 'data') : undefined);
const port = Number(process.env.PORT ?? 3000);

// The pages are built once and again only when their sources changed (about a second).
const built = await ensureWebBuild().catch((error: unknown) => {
  console.error(`The web pages could not be built: ${(error as Error).message}`);
  process.exit(1);
});

const runtime = await startLocalRuntime({ port, dataDir, webDir: webDist }).catch((error: unknown) => {
  console.error(`Zhengming could not start: ${(error as Error).message}`);
  if (/spawn java|ENOENT/.test(String(error)))
    console.error('DynamoDB Local needs Java 17+ (e.g. apt-get install default-jre-headless).');
  process.exit(1);
});

console.log(`
正名 Zhengming — local runtime ready in ${((performance.now() - started) / 1000).toFixed(1)} s
  Web            ${runtime.url}/          (portal; console at ${runtime.url}/console${built ? ', just rebuilt' : ''})
  API            ${runtime.url}          (OpenAPI: ${runtime.url}/openapi.json)
  Inbox (SNS)    ${runtime.url}/local/inbox
  DynamoDB Local ${runtime.dynamoDbEndpoint}   table "${runtime.tableName}", ${dataDir ? `kept in ${dataDir}` : 'in memory'}
  SNS emulator   ${runtime.snsEndpoint}
  Staff token    npm run --silent token -- --role intake --user demo
Press Ctrl-C to stop.
`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping DynamoDB Local, the SNS emulator and the gateway…`);
  await runtime.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
