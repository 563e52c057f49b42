/**
 * What the relay's DynamoDB calls cost DynamoDB Local, per event: `npx tsx bench/relay-costs.ts`.
 * A DynamoDB Local of its own, a table of the real shape, and batches of fresh outbox items of the
 * real shape (outboxPut); for each way of reading or marking them, the wall time and the JVM's CPU
 * time (utime + stime from /proc) per event, over several batches. The JVM's CPU is what the
 * submissions and the relay share on a saturated two-core machine, so it is the figure that
 * decides; the wall time shows what a call waits. With `--load N`, N connections write
 * submission-sized transactions meanwhile (then the CPU per event includes a share of theirs, and
 * only the wall times compare).
 */

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { localClientConfig } from '../infra/local/aws-env.ts';
import { createTable, startDynamoDbLocal } from '../infra/local/dynamodb.ts';
import { domainEvent } from '../shared/domain/events.ts';
import { documentClient } from '../shared/services.ts';
import { entityKeys } from '../shared/store/keys.ts';
import { outboxPut } from '../shared/store/outbox.ts';
import { statsUpdate } from '../shared/store/stats.ts';
import { printTable, round } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    batches: { type: 'string', default: '8' },
    load: { type: 'string', default: '0' },
  },
});
const batches = Number(values.batches);
const loadConnections = Number(values.load);

/** The JVM's CPU time so far, in milliseconds. */
const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after "pid (comm) ".
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};

const dynamo = await startDynamoDbLocal();
const pid = dynamo.pid;
const client = new DynamoDBClient(localClientConfig(dynamo.endpoint));
const tableName = 'relaycosts';
const streamArn = await createTable(client, tableName);
const db: DynamoDBDocumentClient = documentClient(client);

const report = JSON.stringify({ reportId: 'r', category: 'CORRUPTION', text: '某'.repeat(300) });
/** Writes `n` fresh outbox items of the real shape (not measured) and returns their ids. */
const seed = async (n: number) => {
  const ids = Array.from({ length: n }, () => `evt_${randomUUID()}`);
  for (let start = 0; start < n; start += 25) {
    await db.send(
      new BatchWriteCommand({
        RequestItems: {
          [tableName]: ids.slice(start, start + 25).map((eventId) => ({
            PutRequest: {
              Item: outboxPut(tableName, {
                ...domainEvent(
                  'ReportSubmitted',
                  {
                    reportId: randomUUID(),
                    category: 'CORRUPTION',
                    reporterKind: 'ANONYMOUS',
                    allegationCount: 1,
                  },
                  new Date().toISOString(),
                ),
                eventId,
                // A payload of a real report's size (the relay publishes it as it is).
                ...({ payload: report } as object),
              }).Put.Item,
            },
          })),
        },
      }),
    );
  }
  return ids;
};

const at = new Date();
const markUpdate = (eventId: string) => ({
  TableName: tableName,
  Key: entityKeys.outbox(eventId),
  UpdateExpression: 'SET publishedAt = :at, messageId = :id, #ttl = :ttl REMOVE GSI5PK, GSI5SK',
  ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(publishedAt)',
  ExpressionAttributeNames: { '#ttl': 'ttl' },
  ExpressionAttributeValues: { ':at': at.toISOString(), ':id': randomUUID(), ':ttl': 1 },
});
const counters = statsUpdate(tableName, { reportsReceived: 99 }) as NonNullable<
  ReturnType<typeof statsUpdate>
>;
const chunks = <T>(items: T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
const parallel = async <T>(items: T[], width: number, each: (item: T) => Promise<unknown>) => {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) await each(next);
    }),
  );
};

const conflicts: string[] = [];
/** Ways of doing the relay's part for one batch of 99 events. */
const ways: Record<string, (ids: string[]) => Promise<unknown>> = {
  'BatchGetItem, consistent, 2 attributes (the "already published?" read)': (ids) =>
    db.send(
      new BatchGetCommand({
        RequestItems: {
          [tableName]: {
            Keys: ids.map(entityKeys.outbox),
            ProjectionExpression: 'eventId, publishedAt',
            ConsistentRead: true,
          },
        },
      }),
    ),
  'TransactWriteItems: 99 guarded marks + counter (today)': (ids) =>
    db.send(
      new TransactWriteCommand({
        TransactItems: [...ids.map((id) => ({ Update: markUpdate(id) })), counters],
      }),
    ),
  'TransactWriteItems: 4 × (≤25 guarded marks + counter)': async (ids) => {
    for (const chunk of chunks(ids, 25))
      await db.send(
        new TransactWriteCommand({
          TransactItems: [...chunk.map((id) => ({ Update: markUpdate(id) })), counters],
        }),
      );
  },
  'TransactWriteItems: 4 × (≤25 guarded marks + counter), side by side': async (ids) => {
    await Promise.all(
      chunks(ids, 25).map(async (chunk) => {
        try {
          await db.send(
            new TransactWriteCommand({
              TransactItems: [...chunk.map((id) => ({ Update: markUpdate(id) })), counters],
            }),
          );
        } catch (error) {
          conflicts.push(
            (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons?.map(
              (r) => r.Code,
            ).join() ?? String(error),
          );
        }
      }),
    );
  },
  'UpdateItem: 99 guarded marks, one call each, 8 at a time': (ids) =>
    parallel(ids, 8, (id) => db.send(new UpdateCommand(markUpdate(id)))),
  'BatchWriteItem: 99 deletes, 25 a call': async (ids) => {
    for (const chunk of chunks(ids, 25))
      await db.send(
        new BatchWriteCommand({
          RequestItems: {
            [tableName]: chunk.map((id) => ({ DeleteRequest: { Key: entityKeys.outbox(id) } })),
          },
        }),
      );
  },
  'TransactWriteItems: 99 guarded deletes + counter': (ids) =>
    db.send(
      new TransactWriteCommand({
        TransactItems: [
          ...ids.map((id) => ({
            Delete: {
              TableName: tableName,
              Key: entityKeys.outbox(id),
              ConditionExpression: 'attribute_exists(PK)',
            },
          })),
          counters,
        ],
      }),
    ),
  'BatchWriteItem: 99 puts, 25 a call (what writing them cost)': async () => {
    await seed(99);
  },
};

/** Submission-sized transactions (five puts with index keys), `connections` at a time, until stopped. */
const backgroundLoad = (connections: number) => {
  let running = connections > 0;
  let done = 0;
  const loops = Array.from({ length: connections }, async () => {
    while (running) {
      const id = randomUUID();
      await db.send(
        new TransactWriteCommand({
          TransactItems: Array.from({ length: 5 }, (_, i) => ({
            Put: {
              TableName: tableName,
              Item: { PK: `LOAD#${id}`, SK: `ITEM#${i}`, GSI1PK: `LOAD#${i}`, GSI1SK: id, text: report },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          })),
        }),
      );
      done++;
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return done;
    },
  };
};

/** Reads the whole stream once (both stream readers do, for every record written). */
const streamRead = async () => {
  const streams = new DynamoDBStreamsClient(localClientConfig(dynamo.endpoint));
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  let records = 0;
  const started = performance.now();
  const cpu = cpuMs(pid);
  for (const shard of StreamDescription?.Shards ?? []) {
    let iterator = (
      await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
    ).ShardIterator;
    while (iterator) {
      const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
      records += out.Records?.length ?? 0;
      if (!out.Records?.length) break;
      iterator = out.NextShardIterator;
    }
  }
  streams.destroy();
  return { records, wallMs: performance.now() - started, cpuMs: cpuMs(pid) - cpu };
};

try {
  // Warm the JVM up on every way first.
  for (const way of Object.values(ways)) for (let i = 0; i < 3; i++) await way(await seed(99));
  const load = backgroundLoad(loadConnections);
  const rows = [];
  for (const [name, way] of Object.entries(ways)) {
    let wall = 0;
    let cpu = 0;
    for (let i = 0; i < batches; i++) {
      const ids = await seed(99);
      const cpuBefore = cpuMs(pid);
      const started = performance.now();
      await way(ids);
      wall += performance.now() - started;
      cpu += cpuMs(pid) - cpuBefore;
    }
    const events = batches * 99;
    rows.push({
      'for a batch of 99 events': name,
      'wall ms / batch': round(wall / batches, 1),
      'JVM CPU ms / event': round(cpu / events, 2),
    });
  }
  const loaded = await load.stop();
  if (!loadConnections) {
    // For scale: a submission-sized transaction, 8 at a time for 3 s.
    const cpuBefore = cpuMs(pid);
    const alone = backgroundLoad(8);
    await new Promise((r) => setTimeout(r, 3000));
    const transactions = await alone.stop();
    rows.push({
      'for a batch of 99 events': `TransactWriteItems of 5 puts (a submission's size), per transaction: ${round(transactions / 3, 1)}/s`,
      'wall ms / batch': '',
      'JVM CPU ms / event': round((cpuMs(pid) - cpuBefore) / transactions, 2),
    });
  }
  const stream = await streamRead();
  rows.push({
    'for a batch of 99 events': `GetRecords: reading ${stream.records} stream records, 100 a call, per record`,
    'wall ms / batch': round((stream.wallMs / stream.records) * 99, 1),
    'JVM CPU ms / event': round(stream.cpuMs / stream.records, 2),
  });
  console.log(`side by side: ${conflicts.length} transactions cancelled`, conflicts.slice(0, 3));
  printTable(
    `Relay calls on DynamoDB Local (${batches} batches each${loadConnections ? `, ${loadConnections} connections of load: ${loaded} transactions` : ', no other load'})`,
    rows,
  );
} finally {
  db.destroy();
  await dynamo.stop();
}
