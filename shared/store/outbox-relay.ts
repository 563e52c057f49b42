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

export const outboxRelayStore = (db: DynamoDBDocumentClient, tableName: string) => ({
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
              [tableName]: { Keys: keys, ProjectionExpression: 'eventId, publishedAt', ConsistentRead: true },
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
    const mark = {
      Update: {
        TableName: tableName,
        Key: entityKeys.outbox(eventId),
        UpdateExpression: 'SET publishedAt = :at, messageId = :id',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(publishedAt)',
        ExpressionAttributeValues: { ':at': at.toISOString(), ':id': messageId ?? 'unknown' },
      },
    };
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
});
