/**
 * The daily budget of identity openings per staff member (shared/domain/identity-access.ts): one
 * item per member and day, removed by TTL. Spending is a transaction item, written in the same
 * transaction as the opening's audit entry, so an opening is counted exactly when it is on the
 * record; the condition refuses the opening past the budget, and a refused one counts nothing.
 */
import type { Config } from '../config.ts';
import { budgetDay } from '../domain/identity-access.ts';
import { defineEntity } from './entity.ts';
import { epochSeconds } from './keys.ts';

/** Openings `used` by a member on a day; written only by the update below, which sets each field. */
export const identityBudgetEntity = defineEntity({
  name: 'IdentityBudget',
  key: (userId: string, day: string) => ({ PK: `IDENTITY_BUDGET#${userId}#${day}`, SK: 'BUDGET' }),
  keyOf: (budget: { userId: string; day: string; used: number }): [string, string] => [
    budget.userId,
    budget.day,
  ],
});

export const identityBudget = ({ config }: { config: Config }) => ({
  perDay: config.REVEALS_PER_DAY,

  /** The transaction item that spends one opening of `userId`'s budget for the day of `now`. */
  spend(userId: string, now: Date) {
    const { day, freesAt } = budgetDay(now);
    return {
      Update: {
        TableName: config.TABLE_NAME,
        Key: identityBudgetEntity.key(userId, day),
        UpdateExpression: 'ADD used :one SET entity = :entity, #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(used) OR used < :perDay',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':perDay': config.REVEALS_PER_DAY,
          ':entity': identityBudgetEntity.name,
          ':ttl': epochSeconds(freesAt) + 24 * 3600,
        },
      },
    };
  },
});
