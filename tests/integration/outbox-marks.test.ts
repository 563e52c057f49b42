/**
 * The relay's mark for a batch larger than one transaction: its transactions run side by side,
 * and still every event is marked and taken out of the index of unpublished events, and each
 * event's statistics are counted exactly once, also when one of them was marked before (by the
 * sweep, or an earlier delivery) and when the whole batch is marked again (a redelivery).
 * On a table of its own, which no stream reader follows, so that only the calls under test mark.
 */

import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { localClientConfig } from '../../infra/local/aws-env.ts';
import { createTable } from '../../infra/local/dynamodb.ts';
import { domainEvent } from '../../shared/domain/events.ts';
import { documentClient } from '../../shared/services.ts';
import { entityKeys } from '../../shared/store/keys.ts';
import { outboxPut } from '../../shared/store/outbox.ts';
import { outboxRelayStore } from '../../shared/store/outbox-relay.ts';
import { readCounters } from '../../shared/store/stats.ts';

const client = new DynamoDBClient(localClientConfig(inject('dynamoDbEndpoint')));
const db = documentClient(client);
afterAll(() => db.destroy());

describe('marking a large batch published', () => {
  it('marks every event once and counts each once, with its transactions side by side', async () => {
    const tableName = `marks-${randomBytes(4).toString('hex')}`;
    await createTable(client, tableName);
    const eventIds = Array.from({ length: 200 }, (_, i) => `evt_mark_${String(i).padStart(3, '0')}`);
    for (let start = 0; start < eventIds.length; start += 25) {
      await db.send(
        new BatchWriteCommand({
          RequestItems: {
            [tableName]: eventIds.slice(start, start + 25).map((eventId) => ({
              PutRequest: {
                Item: outboxPut(tableName, {
                  ...domainEvent(
                    'ReportSubmitted',
                    { reportId: 'rpt_1', category: 'OTHER', reporterKind: 'ANONYMOUS', allegationCount: 1 },
                    new Date().toISOString(),
                  ),
                  eventId,
                }).Put.Item,
              },
            })),
          },
        }),
      );
    }
    const outbox = outboxRelayStore(db, tableName);
    expect(await outbox.unpublishedCount()).toBe(200);
    const at = new Date();
    const early = eventIds[130] as string;
    await outbox.markPublished(early, 'm-early', at, { reportsReceived: 1 });

    const published = eventIds.map((eventId) => ({
      eventId,
      messageId: `m-${eventId}`,
      stats: { reportsReceived: 1 },
    }));
    await outbox.markAllPublished(published, at);
    expect(await outbox.unpublishedCount()).toBe(0);
    expect((await readCounters(db, tableName)).reportsReceived).toBe(200);
    // The one marked before keeps its first mark.
    const item = await db.send(new GetCommand({ TableName: tableName, Key: entityKeys.outbox(early) }));
    expect(item.Item?.messageId).toBe('m-early');

    // Part of the batch again, as a redelivery would mark it: nothing is counted twice.
    await outbox.markAllPublished(published.slice(120, 140), at);
    expect((await readCounters(db, tableName)).reportsReceived).toBe(200);
    expect(await outbox.publishedAmong(eventIds)).toEqual(new Set(eventIds));
  }, 120_000);
});
