/**
 * The local stand-in for Lambda's event source mapping. It polls at the cloud's rate, yet a test
 * that waits for it does not pay for that pause: settled() wakes it at once.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localClientConfig } from '../../infra/local/aws-env.ts';
import { createTable } from '../../infra/local/dynamodb.ts';
import { type StreamPoller, startStreamPoller } from '../../infra/local/stream-poller.ts';
import { workers } from '../../shared/contract/workers.ts';

const endpoint = inject('dynamoDbEndpoint');
const tableName = `poller-${randomBytes(4).toString('hex')}`;
const client = new DynamoDBClient(localClientConfig(endpoint));
const db = DynamoDBDocumentClient.from(client);
const seen: DynamoDBRecord[] = [];
let poller: StreamPoller;
let streamArn: string;

beforeAll(async () => {
  streamArn = await createTable(client, tableName);
  poller = startStreamPoller({
    endpoint,
    streamArn,
    // A pause far longer than the test's timeout: only settled() can end it in time.
    intervalMs: 10 * 60 * 1000,
    handler: async (event) => {
      seen.push(...event.Records);
      return { batchItemFailures: [] };
    },
  });
  await poller.settled();
});

afterAll(async () => {
  await poller.stop();
  db.destroy();
});

describe('the local stream poller', () => {
  it('hands a write to its handler as soon as someone waits for it, whatever the polling pause', async () => {
    await db.send(new PutCommand({ TableName: tableName, Item: { PK: 'POLL#1', SK: 'A', entity: 'Probe' } }));
    await poller.settled();
    expect(seen.map((record) => record.dynamodb?.Keys?.PK?.S)).toEqual(['POLL#1']);
    expect(seen[0]?.eventName).toBe('INSERT');
    expect(poller.delivered).toBe(1);
  }, 10_000);

  it('hands over only what passes the filter, and counts the batch after it, as Lambda does', async () => {
    const filteredTable = `${tableName}-f`;
    const filteredArn = await createTable(client, filteredTable);
    // Two of every three writes are not for this reader (a report and its receipt beside each
    // event): they must neither reach it nor take room in its batches.
    for (let i = 0; i < 5; i++) {
      for (const entity of ['Report', 'Wanted', 'Receipt'])
        await db.send(
          new PutCommand({ TableName: filteredTable, Item: { PK: `F#${i}`, SK: entity, entity } }),
        );
    }
    const batches: DynamoDBRecord[][] = [];
    const filtered = startStreamPoller({
      endpoint,
      streamArn: filteredArn,
      batchSize: 2,
      filter: { newImage: { entity: 'Wanted' } },
      handler: async (event) => {
        batches.push(event.Records);
        return { batchItemFailures: [] };
      },
    });
    try {
      await filtered.settled();
      expect(batches.map((batch) => batch.length)).toEqual([2, 2, 1]);
      expect(batches.flat().map((record) => record.dynamodb?.NewImage?.PK?.S)).toEqual([
        'F#0',
        'F#1',
        'F#2',
        'F#3',
        'F#4',
      ]);
      expect(filtered.delivered).toBe(5);
    } finally {
      await filtered.stop();
    }
  }, 20_000);

  it("with a reader's filter, hands over only the inserts it takes, as the mapping's filter criteria do", async () => {
    const taken: DynamoDBRecord[][] = [];
    const filtered = startStreamPoller({
      endpoint,
      streamArn,
      intervalMs: 10 * 60 * 1000,
      filter: workers.accuserRecords.trigger.filter,
      handler: async (event) => {
        taken.push(event.Records);
        return { batchItemFailures: [] };
      },
    });
    try {
      const put = (PK: string, item: Record<string, string>) =>
        db.send(new PutCommand({ TableName: tableName, Item: { PK, SK: 'OUTBOX', ...item } }));
      await put('FILTER#1', { entity: 'OutboxEvent', type: 'ReportSubmitted' });
      await put('FILTER#2', { entity: 'Probe', type: 'ClueConcluded' });
      await filtered.settled();
      // A batch the filter leaves empty invokes nothing (and the earlier POLL#1 record is not taken either).
      expect(taken).toEqual([]);
      await put('FILTER#3', { entity: 'OutboxEvent', type: 'ClueConcluded' });
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { PK: 'FILTER#3', SK: 'OUTBOX' },
          UpdateExpression: 'SET published = :yes',
          ExpressionAttributeValues: { ':yes': true },
        }),
      );
      await filtered.settled();
      // Only the insert: the update of the same item is a MODIFY, which no reader takes.
      expect(taken.flat().map((record) => [record.eventName, record.dynamodb?.Keys?.PK?.S])).toEqual([
        ['INSERT', 'FILTER#3'],
      ]);
      expect(filtered.delivered).toBe(1);
    } finally {
      await filtered.stop();
    }
  }, 20_000);
});
