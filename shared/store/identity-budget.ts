/**
 * The daily budget of identity openings per staff member (shared/domain/identity-access.ts): one
 * item per member and day, removed by TTL. Spending is a transaction item, written in the same
 * transaction as the opening's audit entry, so an opening is counted exactly when it is on the
 * record; the condition refuses the opening past the budget, and a refused one counts nothing.
 */
import type { Config } from '../config.ts';
import { budgetDay } from '../domain/identity-access.ts';
import { entityKeys, epochSeconds } from './keys.ts';

export const identityBudget = ({ config }: { config: Config }) => ({
  perDay: config.REVEALS_PER_DAY,

  /** The transaction item that spends one opening of `userId`'s budget for the day of `now`. */
  spend(userId: string, now: Date) {
    const { day, freesAt } = budgetDay(now);
    return {
      Update: {
        TableName: config.TABLE_NAME,
        Key: entityKeys.identityBudget(userId, day),
        UpdateExpression: 'ADD used :one SET entity = :entity, #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(used) OR used < :perDay',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':perDay': config.REVEALS_PER_DAY,
          ':entity': 'IdentityBudget',
          ':ttl': epochSeconds(freesAt) + 24 * 3600,
        },
      },
    };
  },
});
