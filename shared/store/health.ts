/**
 * Readiness: can this function read the table right now? One GetItem of a key that never exists
 * (nothing is written under HEALTH), with a short time limit: a stalled or dead database answers
 * "not ready" within two seconds instead of holding the probe.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const probeKey = { PK: 'HEALTH', SK: 'PROBE' };

export const tableReachable = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  timeoutMs = 2_000,
): Promise<boolean> => {
  try {
    await db.send(new GetCommand({ TableName: tableName, Key: probeKey }), {
      abortSignal: AbortSignal.timeout(timeoutMs),
    });
    return true;
  } catch {
    return false;
  }
};

/**
 * The probe's answer, kept for `ttlMs`: a load balancer or a monitor asking many times a second
 * costs one read a second, and callers asking together share one probe.
 */
export const cachedProbe = (probe: () => Promise<boolean>, ttlMs = 1_000, now = () => Date.now()) => {
  let checkedAt = Number.NEGATIVE_INFINITY;
  let answer: Promise<boolean> = Promise.resolve(false);
  return (): Promise<boolean> => {
    if (now() - checkedAt >= ttlMs) {
      checkedAt = now();
      answer = probe();
    }
    return answer;
  };
};
