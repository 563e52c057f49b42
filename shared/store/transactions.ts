/**
 * Helpers for TransactWriteItems: reading which named condition failed, and retrying the
 * conflicts that DynamoDB reports when two transactions touch one item at the same moment.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';

interface CancellationReason {
  Code?: string;
  Item?: Record<string, unknown>;
}

export const cancellationReasons = (error: unknown): CancellationReason[] | undefined => {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { name?: string; CancellationReasons?: CancellationReason[] };
  return e.name === 'TransactionCanceledException' ? (e.CancellationReasons ?? []) : undefined;
};

/** The item that made the condition at `index` fail (ReturnValuesOnConditionCheckFailure: ALL_OLD). */
export const failedConditionAt = (error: unknown, index: number): Record<string, unknown> | undefined => {
  const reason = cancellationReasons(error)?.[index];
  if (reason?.Code !== 'ConditionalCheckFailed') return undefined;
  // The document client does not unmarshall items inside an exception, so do it here.
  return reason.Item ? unmarshall(reason.Item as Parameters<typeof unmarshall>[0]) : {};
};

export const isTransactionConflict = (error: unknown): boolean =>
  (cancellationReasons(error) ?? []).some((r) => r.Code === 'TransactionConflict');

/** Retries a transaction that lost a conflict, with jittered backoff, a few times at most. */
export const retryOnConflict = async <T>(attempt: () => Promise<T>, tries = 4): Promise<T> => {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= tries || !isTransactionConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** i + Math.random() * 20));
    }
  }
};
