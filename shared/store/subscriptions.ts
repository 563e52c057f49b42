/** Which SNS subscriptions a cadre's contact created, so an update can replace them. */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SubscriptionLedger } from '../notify/publisher.ts';

const key = (cadreId: string) => ({ PK: `CADRE_SUBSCRIPTIONS#${cadreId}`, SK: 'SUBSCRIPTIONS' });

export const subscriptionLedger = (db: DynamoDBDocumentClient, tableName: string): SubscriptionLedger => ({
  async previous(cadreId) {
    const out = await db.send(
      new GetCommand({ TableName: tableName, Key: key(cadreId), ConsistentRead: true }),
    );
    return (out.Item?.subscriptionArns as string[] | undefined) ?? [];
  },
  async record(cadreId, subscriptionArns) {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...key(cadreId), entity: 'CadreSubscriptions', subscriptionArns },
      }),
    );
  },
});
