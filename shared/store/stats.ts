/** The statistics counters item, updated by the relay with ADD and read whole. */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Counters } from '../domain/stats.ts';
import { entityFields } from './entity.ts';
import { entityKeys } from './keys.ts';

/** A transaction item adding `delta` to the counters; undefined when there is nothing to add. */
export const statsUpdate = (tableName: string, delta: Counters) => {
  const entries = Object.entries(delta).filter(([, by]) => by !== 0);
  if (entries.length === 0) return undefined;
  return {
    Update: {
      TableName: tableName,
      Key: entityKeys.stats(),
      UpdateExpression: `ADD ${entries.map((_, i) => `#c${i} :c${i}`).join(', ')} SET entity = :entity`,
      ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#c${i}`, name])),
      ExpressionAttributeValues: {
        ...Object.fromEntries(entries.map(([, by], i) => [`:c${i}`, by])),
        ':entity': 'Stats',
      },
    },
  };
};

export const readCounters = async (db: DynamoDBDocumentClient, tableName: string): Promise<Counters> => {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: entityKeys.stats() }));
  return entityFields(out.Item ?? {}) as Counters;
};
