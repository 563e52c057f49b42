/** The subscription ledger (see shared/notify/publisher.ts): per cadre and per hashed endpoint. */
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SubscriptionLedger } from '../notify/publisher.ts';

const cadreKey = (cadreId: string) => ({ PK: `CADRE_SUBSCRIPTIONS#${cadreId}`, SK: 'ENDPOINTS' });
const endpointKey = (hash: string) => ({ PK: `SUBSCRIPTION#${hash}`, SK: 'SUBSCRIPTION' });

export const subscriptionLedger = (db: DynamoDBDocumentClient, tableName: string): SubscriptionLedger => {
  const get = async (key: { PK: string; SK: string }) =>
    (await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
  return {
    endpointsOf: async (cadreId) => ((await get(cadreKey(cadreId)))?.endpoints as string[] | undefined) ?? [],
    async setEndpointsOf(cadreId, endpoints) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...cadreKey(cadreId), entity: 'CadreEndpoints', endpoints },
        }),
      );
    },
    async subscriptionAt(hash) {
      const item = await get(endpointKey(hash));
      return item ? { arn: item.arn as string, cadreIds: item.cadreIds as string[] } : undefined;
    },
    async saveSubscription(hash, subscription) {
      if (!subscription) {
        await db.send(new DeleteCommand({ TableName: tableName, Key: endpointKey(hash) }));
        return;
      }
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...endpointKey(hash), entity: 'Subscription', ...subscription },
        }),
      );
    },
  };
};
