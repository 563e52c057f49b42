/** The subscription ledger (see shared/notify/publisher.ts): per cadre and per hashed endpoint. */
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SubscriptionLedger } from '../notify/publisher.ts';
import { defineEntity, type Entity } from './entity.ts';

/** The endpoints a cadre's notices go to, as keys of the subscriptions below. */
export const cadreEndpointsEntity = defineEntity({
  name: 'CadreEndpoints',
  key: (cadreId: string) => ({ PK: `CADRE_SUBSCRIPTIONS#${cadreId}`, SK: 'ENDPOINTS' }),
  keyOf: (value: { cadreId: string; endpoints: string[] }): [string] => [value.cadreId],
});

/** One SNS subscription of an endpoint (by the hash of the endpoint), shared by the cadres it serves. */
export const subscriptionEntity = defineEntity({
  name: 'Subscription',
  key: (endpointKey: string) => ({ PK: `SUBSCRIPTION#${endpointKey}`, SK: 'SUBSCRIPTION' }),
  keyOf: (value: { endpointKey: string; arn: string; cadreIds: string[] }): [string] => [value.endpointKey],
});

export const subscriptionLedger = (db: DynamoDBDocumentClient, tableName: string): SubscriptionLedger => {
  const load = async <T>(entity: Entity<string, [string], T>, id: string) => {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: entity.key(id), ConsistentRead: true }),
    );
    return Item ? entity.fromItem(Item) : undefined;
  };
  const put = (item: Record<string, unknown>) =>
    db.send(new PutCommand({ TableName: tableName, Item: item }));
  return {
    endpointsOf: async (cadreId) => (await load(cadreEndpointsEntity, cadreId))?.endpoints ?? [],
    async setEndpointsOf(cadreId, endpoints) {
      await put(cadreEndpointsEntity.item({ cadreId, endpoints }));
    },
    async subscriptionAt(endpointKey) {
      const subscription = await load(subscriptionEntity, endpointKey);
      return subscription && { arn: subscription.arn, cadreIds: subscription.cadreIds };
    },
    async saveSubscription(endpointKey, subscription) {
      if (!subscription) {
        await db.send(new DeleteCommand({ TableName: tableName, Key: subscriptionEntity.key(endpointKey) }));
        return;
      }
      await put(subscriptionEntity.item({ endpointKey, ...subscription }));
    },
  };
};
