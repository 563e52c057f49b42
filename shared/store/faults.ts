/**
 * Which DynamoDB failures mean "try again shortly" (503 UNAVAILABLE with Retry-After) rather than
 * a bug: throttling, service trouble, a transaction that lost a conflict, or no connection at all.
 */
const retryableNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'InternalServerError',
  'LimitExceededException',
  'TransactionInProgressException',
  'TimeoutError',
  // The request's own deadline (store/call-budget.ts) cut the call short.
  'AbortError',
]);
const retryableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const retryableReasons = new Set(['ThrottlingError', 'TransactionConflict', 'ProvisionedThroughputExceeded']);

interface AwsLikeError {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
  CancellationReasons?: { Code?: string }[];
}

export const isTransientStoreFault = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as AwsLikeError;
  if (e.name && retryableNames.has(e.name)) return true;
  if (e.code && retryableCodes.has(e.code)) return true;
  if (e.name === 'TransactionCanceledException') {
    return (e.CancellationReasons ?? []).some((r) => r.Code !== undefined && retryableReasons.has(r.Code));
  }
  const status = e.$metadata?.httpStatusCode;
  return (status !== undefined && status >= 500) || Boolean(e.$retryable);
};
