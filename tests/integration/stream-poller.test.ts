/**
 * The local stand-in for Lambda's event source mapping. It polls at the cloud's rate, yet a test
 * that waits for it does not pay for that pause: settled() wakes it at once.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localClientConfig } from '../../infra/local/aws-env.ts';
import { createTable } from '../../infra/local/dynamodb.ts';
import { type StreamPoller, startStreamPoller } from '../../infra/local/stream-poller.ts';

const endpoint = inject('dynamoDbEndpoint');
const tableName = `poller-${randomBytes(4).toString('hex')}`;
const client = new DynamoDBClient(localClientConfig(endpoint));
const db = DynamoDBDocumentClient.from(client);
const seen: DynamoDBRecord[] = [];
let poller: StreamPoller;

beforeAll(async () => {
  const streamArn = await createTable(client, tableName);
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
});
