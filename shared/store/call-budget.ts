/**
 * Every DynamoDB call a request makes ends before the function has to answer, and the request
 * knows whether a write it sent may have been applied without its hearing back.
 *
 * Without this, a stalled database let the function's early timeout answer 503 while the
 * transaction was still on the wire, and it committed when the database came back: the client was
 * told "failed" for a write that happened. Now the SDK call itself is aborted at the request's
 * deadline, and a write that was sent but never answered makes the outcome "unknown", which the
 * HTTP layer answers as such (OUTCOME_UNKNOWN) instead of as a failure.
 *
 * The budget travels in AsyncLocalStorage because the local runtime serves many requests in one
 * process at once (middy's own abort signal is one controller shared by the whole process).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

interface CallBudget {
  signal: AbortSignal | undefined;
  /** When the signal fires (epoch ms). */
  endsAt: number | undefined;
  /** Writes sent whose result is not known: neither applied nor refused by DynamoDB. */
  unsettledWrites: number;
}

const budgets = new AsyncLocalStorage<CallBudget>();

/** Runs `work` with its DynamoDB calls aborted after `ms` (no limit when undefined). */
export const withCallBudget = <T>(ms: number | undefined, work: () => Promise<T>): Promise<T> =>
  budgets.run(
    {
      signal: ms === undefined ? undefined : AbortSignal.timeout(Math.max(0, ms)),
      endsAt: ms === undefined ? undefined : Date.now() + ms,
      unsettledWrites: 0,
    },
    work,
  );

/** How long the current request's calls may still take (ms), if it has a deadline. */
export const callBudgetLeft = (): number | undefined => {
  const endsAt = budgets.getStore()?.endsAt;
  return endsAt === undefined ? undefined : Math.max(0, endsAt - Date.now());
};

/** True when a write of the current request may have been applied although nobody heard so. */
export const writeOutcomeUnknown = (): boolean => (budgets.getStore()?.unsettledWrites ?? 0) > 0;

const writeCommands = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

/**
 * DynamoDB answered (a 4xx: a failed condition, throttling, a bad request), so nothing was
 * applied; or the connection was refused, so nothing was sent. Anything else (an abort, a
 * timeout, a reset connection, a 5xx) leaves the write's fate open.
 */
const refusedForSure = (error: unknown): boolean => {
  const e = error as { $metadata?: { httpStatusCode?: number }; code?: string } | null;
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 400 && status < 500) return true;
  return e?.code === 'ECONNREFUSED';
};

/** Gives a client's calls the current request's deadline, and tracks its writes' outcomes. */
export const applyCallBudget = (client: DynamoDBClient): void => {
  // The abort must reach the HTTP request itself (options a middleware cannot set), so that the
  // socket is dropped rather than left waiting on a stalled database.
  const requestHandler = client.config.requestHandler as {
    handle(request: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  };
  const handle = requestHandler.handle.bind(requestHandler);
  requestHandler.handle = (request, options = {}) => {
    const signal = budgets.getStore()?.signal;
    return handle(request, signal && !options.abortSignal ? { ...options, abortSignal: signal } : options);
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const budget = budgets.getStore();
      if (!budget || !writeCommands.has(String(context.commandName))) return next(args);
      budget.unsettledWrites += 1;
      try {
        const output = await next(args);
        budget.unsettledWrites -= 1;
        return output;
      } catch (error) {
        if (refusedForSure(error)) budget.unsettledWrites -= 1;
        throw error;
      }
    },
    { step: 'initialize', name: 'callBudget', override: true },
  );
};
