/**
 * The relay's side of the outbox: whether an event was already published, and marking it so.
 * A redelivered stream batch (Lambda retries from the first failed record) then skips what went
 * out before, which keeps duplicates down to a crash between the publish and the mark.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { entityKeys } from './keys.ts';

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

  async markPublished(eventId: string, messageId: string | undefined, at: Date): Promise<void> {
    try {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: entityKeys.outbox(eventId),
          UpdateExpression: 'SET publishedAt = :at, messageId = :id',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':at': at.toISOString(), ':id': messageId ?? 'unknown' },
        }),
      );
    } catch (error) {
      // Expired by TTL in the meantime: nothing left to mark.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  },
});
