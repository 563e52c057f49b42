/**
 * Idempotent creation (Idempotency-Key). The record is written in the same transaction as what it
 * protects, so there is no in-flight state to expire: either the creation and its record both exist,
 * or neither does.
 *
 * The stored response is encrypted under a key derived from the Idempotency-Key itself, which is
 * never stored (only a different keyed hash of it is). A replay holding the key can recover the
 * original 201 body, receipt code included; someone reading the table cannot.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { canonicalJson } from '../domain/canonical-json.ts';
import { DomainError, messages } from '../domain/errors.ts';
import { logger } from '../logger.ts';
import { defineEntity } from './entity.ts';

export interface IdempotencyClaim {
  operation: string;
  keyHash: string;
  requestHash: string;
  responseKey: Uint8Array;
}

export interface IdempotencyRecord {
  /** The claim's operation and key hash, which also make up the key. */
  operation: string;
  keyHash: string;
  requestHash: string;
  status: number;
  sealedResponse: string;
  /** Unkeyed records: until when (epoch ms) the request that wrote it may still answer itself. */
  heardBy?: number | undefined;
  /** Epoch seconds after which DynamoDB removes the record. */
  ttl: number;
}

export const idempotencyEntity = /* @__PURE__ */ defineEntity({
  name: 'IdempotencyRecord',
  key: (operation: string, keyHash: string) => ({
    PK: `IDEMPOTENCY#${operation}#${keyHash}`,
    SK: 'IDEMPOTENCY',
  }),
  keyOf: (record: IdempotencyRecord): [string, string] => [record.operation, record.keyHash],
});

/** The record a request writes with what it creates, answering `status` with `response`. */
export const idempotencyRecord = (
  claim: IdempotencyClaim,
  answer: { status: number; response: unknown; heardBy?: number | undefined },
): Omit<IdempotencyRecord, 'ttl'> => ({
  operation: claim.operation,
  keyHash: claim.keyHash,
  requestHash: claim.requestHash,
  status: answer.status,
  sealedResponse: sealResponse(claim, answer.response),
  ...(answer.heardBy ? { heardBy: answer.heardBy } : {}),
});

export const claimIdempotency = (
  operation: string,
  idempotencyKey: string,
  request: unknown,
  pepper: Uint8Array,
): IdempotencyClaim => ({
  operation,
  keyHash: createHmac('sha256', pepper).update(`record:${operation}:${idempotencyKey}`).digest('hex'),
  requestHash: createHash('sha256').update(canonicalJson(request)).digest('hex'),
  responseKey: createHmac('sha256', pepper).update(`response:${operation}:${idempotencyKey}`).digest(),
});

/**
 * For a request sent without an Idempotency-Key: the same content from the same address stands in
 * for the key. The record is kept only while nobody has heard the answer (the handler forgets it
 * once it can answer), so a client that retries after OUTCOME_UNKNOWN gets its original 201, while
 * two reports that happen to read the same, each of them answered, stay two reports.
 */
export const claimUnkeyed = (
  operation: string,
  sourceAddress: string,
  request: unknown,
  pepper: Uint8Array,
): IdempotencyClaim => {
  const requestHash = createHash('sha256').update(canonicalJson(request)).digest('hex');
  return claimIdempotency(`${operation}:unkeyed`, `${sourceAddress}|${requestHash}`, request, pepper);
};

export const sealResponse = (claim: IdempotencyClaim, body: unknown): string => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', claim.responseKey, iv).setAAD(Buffer.from(claim.keyHash));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(body), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
};

export const openResponse = (claim: IdempotencyClaim, sealed: string): unknown => {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', claim.responseKey, raw.subarray(0, 12)).setAAD(
    Buffer.from(claim.keyHash),
  );
  decipher.setAuthTag(raw.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
};

/**
 * What a request answers when its claim finds an earlier record: the earlier answer, or nothing
 * when it is a request of its own. Another body under the same key is IDEMPOTENCY_KEY_REUSED. An
 * unkeyed record (only those have `heardBy`) whose request is still running was not written by a
 * retry: the same content from the same address at the same moment is a second submission.
 */
export const earlierAnswer = (
  claim: IdempotencyClaim,
  record: IdempotencyRecord,
  now: Date,
): { status: number; body: unknown } | undefined => {
  if (record.requestHash !== claim.requestHash) {
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', messages.IDEMPOTENCY_KEY_REUSED);
  }
  const running = record.heardBy !== undefined && record.heardBy > now.getTime();
  return running ? undefined : { status: record.status, body: openResponse(claim, record.sealedResponse) };
};

/**
 * Does a creation once per claim. `create` writes what is created together with `record` (or,
 * given none, without one) and resolves to the earlier record when the claim was taken. A retry
 * gets the first request's answer back; a stand-in record (no Idempotency-Key, `heardBy` set) is
 * dropped once this request's answer is on its way. Should that delete fail, the record only means
 * the same content from the same address replays this answer until it expires.
 */
export const once = async <Status extends number, Body>(
  claim: IdempotencyClaim,
  answer: { status: Status; response: Body; heardBy?: number | undefined },
  now: Date,
  store: {
    create: (record?: Omit<IdempotencyRecord, 'ttl'>) => Promise<IdempotencyRecord | undefined>;
    forget: (claim: IdempotencyClaim) => Promise<void>;
  },
): Promise<{ status: Status; body: Body }> => {
  const earlier = await store.create(idempotencyRecord(claim, answer));
  const replay = earlier && earlierAnswer(claim, earlier, now);
  // What the first request of this operation stored is what this operation answers.
  if (replay) return replay as { status: Status; body: Body };
  if (earlier) await store.create();
  else if (answer.heardBy !== undefined)
    await store.forget(claim).catch((error: unknown) => {
      logger.warn('unkeyed idempotency record kept', { errorName: (error as Error)?.name });
    });
  return { status: answer.status, body: answer.response };
};
