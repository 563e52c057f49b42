/**
 * Rate limiting of receipt lookups (受理码查询限流), shared by every Lambda instance because the
 * counters live in the table: one item per client and fixed window, bumped with an atomic ADD and
 * removed by TTL. A lookup first reserves an attempt and a hit gives it back, so only misses count,
 * and a burst of parallel guesses cannot slip past the limit before the counter catches up.
 */
import { createHmac } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import { entityKeys, epochSeconds } from './keys.ts';

export type Reservation =
  | { allowed: true; release(): Promise<void> }
  | { allowed: false; retryAfter: number };

export const lookupLimiter = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => ({
  async reserve(sourceIp: string, pepper: Uint8Array, now: Date): Promise<Reservation> {
    const clientHash = createHmac('sha256', pepper).update(sourceIp).digest('hex').slice(0, 32);
    const nowSeconds = epochSeconds(now);
    const windowStart = nowSeconds - (nowSeconds % config.LOOKUP_WINDOW_SECONDS);
    const windowEnd = windowStart + config.LOOKUP_WINDOW_SECONDS;
    const key = entityKeys.lookupCounter(clientHash, windowStart);
    const bump = (by: number) =>
      db.send(
        new UpdateCommand({
          TableName: config.TABLE_NAME,
          Key: key,
          UpdateExpression: 'ADD misses :by SET entity = :entity, #ttl = :ttl',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':by': by, ':entity': 'LookupCounter', ':ttl': windowEnd + 60 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
    const out = await bump(1);
    const misses = Number(out.Attributes?.misses ?? 0);
    if (misses > config.LOOKUP_MISS_LIMIT)
      return { allowed: false, retryAfter: Math.max(1, windowEnd - nowSeconds) };
    return { allowed: true, release: async () => void (await bump(-1)) };
  },
});

export type LookupLimiter = ReturnType<typeof lookupLimiter>;
