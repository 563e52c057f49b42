/**
 * The relay's side of the outbox: whether an event was already published, and marking it so.
 * A redelivered stream batch (Lambda retries from the first failed record) then skips what went
 * out before, which keeps duplicates down to a crash between the publish and the mark.
 */
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Counters } from '../domain/stats.ts';
import { entityKeys } from './keys.ts';
import { statsUpdate } from './stats.ts';
import { cancellationReasons, retryOnConflict } from './transactions.ts';

export const outboxRelayStore = (db: DynamoDBDocumentClient, tableName: string) => ({
  async isPublished(eventId: string): Promise<boolean> {
    const out = await db.send(
      new GetCommand({
        TableName: tableName,
        Key: entityKeys.outbox(eventId),
        ProjectionExpression: 'publishedAt',
        ConsistentRead: true,
      }),
    );
    return out.Item?.publishedAt !== undefined;
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
