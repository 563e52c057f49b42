/**
 * What the reporter-news worker keeps: per report, when its reporter was last told there is news
 * (for coalescing); per event and report, that it was handled (a redelivered event is not news
 * again); per contact, its SNS subscription. Contacts appear only as keyed hashes.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import { processedEventEntity } from './accusers.ts';
import { defineEntity, transact } from './entity.ts';
import { epochSeconds } from './keys.ts';

const consumer = 'reporterNews';

/** When the reporter of a report was last told there is news. */
export const newsMarkEntity = /* @__PURE__ */ defineEntity({
  name: 'ReporterNewsMark',
  key: (reportId: string) => ({ PK: `NEWS#${reportId}`, SK: 'NEWS' }),
  keyOf: (mark: { reportId: string; lastSentAt: string }): [string] => [mark.reportId],
});

/** A contact's subscription to the notices topic, by the keyed hash of the contact. */
export const newsSubscriptionEntity = /* @__PURE__ */ defineEntity({
  name: 'ReporterNewsSubscription',
  key: (contactKey: string) => ({ PK: `NEWS_SUBSCRIPTION#${contactKey}`, SK: 'SUBSCRIPTION' }),
  keyOf: (value: { contactKey: string; arn: string }): [string] => [value.contactKey],
});

/** As long as the accuser records keep theirs: far longer than the stream keeps a record. */
const processedForSeconds = 400 * 24 * 3600;

export type Claim = { claimed: true; previous: string | undefined } | { claimed: false };

export const reporterNewsStore = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => {
  const TableName = config.TABLE_NAME;
  const processedKey = (eventId: string, reportId: string) =>
    processedEventEntity.key(consumer, `${eventId}:${reportId}`);
  const processedPut = (eventId: string, reportId: string, now: Date) => ({
    Put: {
      TableName,
      Item: processedEventEntity.item({
        consumer,
        eventId: `${eventId}:${reportId}`,
        ttl: epochSeconds(now) + processedForSeconds,
      }),
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  });

  return {
    /**
     * Takes the right to tell this report's reporter about this event: not when the event was
     * handled already (a redelivery), nor when they were told since `since` (coalesced; the event
     * then counts as handled). One transaction of the processed mark and the report's news mark.
     */
    async claim(eventId: string, reportId: string, now: Date, since: string): Promise<Claim> {
      const { Item } = await db.send(
        new GetCommand({ TableName, Key: newsMarkEntity.key(reportId), ConsistentRead: true }),
      );
      const previous = Item ? String(Item.lastSentAt) : undefined;
      const coalesced = previous !== undefined && previous >= since;
      const parts = {
        processed: processedPut(eventId, reportId, now),
        ...(coalesced
          ? {}
          : {
              mark: {
                Put: {
                  TableName,
                  Item: newsMarkEntity.item({ reportId, lastSentAt: now.toISOString() }),
                  ConditionExpression: previous ? 'lastSentAt = :previous' : 'attribute_not_exists(PK)',
                  ...(previous ? { ExpressionAttributeValues: { ':previous': previous } } : {}),
                },
              },
            }),
      };
      const failed = await transact(db, parts);
      if (failed) {
        // Handled before (a redelivery), or told a moment ago by another delivery: not again now.
        if (failed.part === 'mark') await transact(db, { processed: processedPut(eventId, reportId, now) });
        return { claimed: false };
      }
      return coalesced ? { claimed: false } : { claimed: true, previous };
    },

    /** Gives a claim back when the message could not be sent, so a retry of the event sends it. */
    async release(eventId: string, reportId: string, now: Date, previous: string | undefined) {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Delete: { TableName, Key: processedKey(eventId, reportId) } },
            previous
              ? {
                  Put: {
                    TableName,
                    Item: newsMarkEntity.item({ reportId, lastSentAt: previous }),
                    ConditionExpression: 'lastSentAt = :ours',
                    ExpressionAttributeValues: { ':ours': now.toISOString() },
                  },
                }
              : {
                  Delete: {
                    TableName,
                    Key: newsMarkEntity.key(reportId),
                    ConditionExpression: 'lastSentAt = :ours',
                    ExpressionAttributeValues: { ':ours': now.toISOString() },
                  },
                },
          ],
        }),
      );
    },

    async subscriptionOf(contactKey: string): Promise<string | undefined> {
      const { Item } = await db.send(
        new GetCommand({ TableName, Key: newsSubscriptionEntity.key(contactKey), ConsistentRead: true }),
      );
      return Item ? newsSubscriptionEntity.fromItem(Item).arn : undefined;
    },

    async saveSubscription(contactKey: string, arn: string) {
      await db.send(new PutCommand({ TableName, Item: newsSubscriptionEntity.item({ contactKey, arn }) }));
    },
  };
};

export type ReporterNewsStore = ReturnType<typeof reporterNewsStore>;
