/**
 * The relay's side of the outbox: whether an event was already published, and marking it so.
 * A redelivered stream batch (Lambda retries from the first failed record) then skips what went
 * out before, which keeps duplicates down to a crash between the publish and the mark.
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Counters } from '../domain/stats.ts';
import { entityKeys } from './keys.ts';
import { statsUpdate } from './stats.ts';
import { cancellationReasons, retryOnConflict } from './transactions.ts';

/** An event the relay has sent, waiting to be marked. */
export interface PublishedEvent {
  eventId: string;
  messageId: string | undefined;
  stats: Counters;
}

export const outboxRelayStore = (db: DynamoDBDocumentClient, tableName: string) => {
  /** The mark: guarded so that an event is marked, and its statistics counted, once. */
  const markItem = (eventId: string, messageId: string | undefined, at: Date) => ({
    Update: {
      TableName: tableName,
      Key: entityKeys.outbox(eventId),
      UpdateExpression: 'SET publishedAt = :at, messageId = :id',
      ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(publishedAt)',
      ExpressionAttributeValues: { ':at': at.toISOString(), ':id': messageId ?? 'unknown' },
    },
  });

  return {
    /**
     * Which of a batch's events went out before (a redelivered batch): one BatchGetItem per 100
     * events, not a read per event.
     */
    async publishedAmong(eventIds: string[]): Promise<Set<string>> {
      const published = new Set<string>();
      for (let start = 0; start < eventIds.length; start += 100) {
        let keys: Record<string, unknown>[] | undefined = eventIds
          .slice(start, start + 100)
          .map((eventId) => entityKeys.outbox(eventId));
        while (keys?.length) {
          const out: BatchGetCommandOutput = await db.send(
            new BatchGetCommand({
              RequestItems: {
                [tableName]: {
                  Keys: keys,
                  ProjectionExpression: 'eventId, publishedAt',
                  ConsistentRead: true,
                },
              },
            }),
          );
          for (const item of out.Responses?.[tableName] ?? []) {
            if (item.publishedAt !== undefined) published.add(item.eventId as string);
          }
          keys = out.UnprocessedKeys?.[tableName]?.Keys;
        }
      }
      return published;
    },

    /**
     * Marks the event published and adds its statistics, in one transaction guarded by the mark:
     * a redelivered event is counted once.
     */
    async markPublished(
      eventId: string,
      messageId: string | undefined,
      at: Date,
      stats: Counters,
    ): Promise<void> {
      const mark = markItem(eventId, messageId, at);
      const counters = statsUpdate(tableName, stats);
      try {
        await retryOnConflict(() =>
          db.send(new TransactWriteCommand({ TransactItems: counters ? [mark, counters] : [mark] })),
        );
      } catch (error) {
        // Already marked by an earlier delivery, or expired by TTL: nothing to do.
        if (cancellationReasons(error)?.[0]?.Code !== 'ConditionalCheckFailed') throw error;
      }
    },

    /**
     * Marks a batch of published events in one transaction per 99 (the 100th item adds their
     * statistics together), rather than a transaction per event. If one of them was marked before
     * (a redelivery racing an earlier delivery), the transaction is cancelled as a whole and each
     * event is marked on its own, guarded as above, so nothing is counted twice.
     */
    async markAllPublished(published: PublishedEvent[], at: Date): Promise<void> {
      for (let start = 0; start < published.length; start += 99) {
        const chunk = published.slice(start, start + 99);
        const total: Counters = {};
        for (const { stats } of chunk) {
          for (const [name, by] of Object.entries(stats)) total[name] = (total[name] ?? 0) + by;
        }
        const counters = statsUpdate(tableName, total);
        const marks = chunk.map(({ eventId, messageId }) => markItem(eventId, messageId, at));
        try {
          await retryOnConflict(() =>
            db.send(new TransactWriteCommand({ TransactItems: counters ? [...marks, counters] : marks })),
          );
        } catch (error) {
          if (!cancellationReasons(error)?.some((reason) => reason.Code === 'ConditionalCheckFailed'))
            throw error;
          for (const event of chunk)
            await this.markPublished(event.eventId, event.messageId, at, event.stats);
        }
      }
    },
  };
};
