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
import { readCounters, readCountersOf } from '../../shared/store/stats.ts';

const client = new DynamoDBClient(localClientConfig(inject('dynamoDbEndpoint')));
const db = documentClient(client);
afterAll(() => db.destroy());

/** Unpublished ReportSubmitted events with these ids, in the outbox of the table. */
const storeEvents = async (tableName: string, eventIds: string[]) => {
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
};

describe('marking a large batch published', () => {
  it('marks every event once and counts each once, with its transactions side by side', async () => {
    const tableName = `marks-${randomBytes(4).toString('hex')}`;
    await createTable(client, tableName);
    const eventIds = Array.from({ length: 200 }, (_, i) => `evt_mark_${String(i).padStart(3, '0')}`);
    await storeEvents(tableName, eventIds);
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

  it('counts each event for its commission and every commission above it, each transaction within 100 items', async () => {
    const tableName = `marks-${randomBytes(4).toString('hex')}`;
    await createTable(client, tableName);
    const eventIds = Array.from({ length: 250 }, (_, i) => `evt_tree_${String(i).padStart(3, '0')}`);
    await storeEvents(tableName, eventIds);
    const above: Record<string, string[]> = {
      'county-a': ['city-jia', 'prov'],
      'county-b': ['city-jia', 'prov'],
    };
    const outbox = outboxRelayStore(db, tableName, undefined, async (id) => above[id] ?? []);
    // Three commissions interleaved: each chunk holds marks and up to six counters items.
    const commissionOf = (i: number) => (i % 5 === 0 ? undefined : i % 2 ? 'county-a' : 'county-b');
    const published = eventIds.map((eventId, i) => ({
      eventId,
      messageId: `m-${eventId}`,
      stats: { reportsReceived: 1 },
      commissionId: commissionOf(i),
    }));

    await outbox.markAllPublished(published, new Date());

    const count = (of: (string | undefined)[]) =>
      eventIds.filter((_, i) => of.includes(commissionOf(i))).length;
    const [a, b, cityBelow, provinceBelow, cityOwn, single] = await readCountersOf(db, tableName, [
      { commissionId: 'county-a', part: 'OWN' },
      { commissionId: 'county-b', part: 'OWN' },
      { commissionId: 'city-jia', part: 'BELOW' },
      { commissionId: 'prov', part: 'BELOW' },
      { commissionId: 'city-jia', part: 'OWN' },
      { commissionId: 'default', part: 'OWN' },
    ]);
    expect(await outbox.unpublishedCount()).toBe(0);
    expect(a?.reportsReceived).toBe(count(['county-a']));
    expect(b?.reportsReceived).toBe(count(['county-b']));
    expect(cityBelow?.reportsReceived).toBe(count(['county-a', 'county-b']));
    expect(provinceBelow?.reportsReceived).toBe(count(['county-a', 'county-b']));
    expect(cityOwn?.reportsReceived).toBeUndefined();
    // Events without a commission are the single commission's, on the item it always had.
    expect(single?.reportsReceived).toBe(count([undefined]));
    expect((await readCounters(db, tableName)).reportsReceived).toBe(count([undefined]));
  }, 120_000);
});
