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

export interface IdempotencyClaim {
  operation: string;
  keyHash: string;
  requestHash: string;
  responseKey: Uint8Array;
}

/** A sealed response body: a string that remembers, in its type only, what it holds. */
export type Sealed<Body> = string & { readonly [sealedBody]?: Body };
declare const sealedBody: unique symbol;

/** What a first request stored: `Status` and `Body` are what the operation answers (a 201 and its body). */
export interface IdempotencyRecord<Body = unknown, Status extends number = number> {
  requestHash: string;
  status: Status;
  sealedResponse: Sealed<Body>;
  /** Unkeyed records: until when (epoch ms) the request that wrote it may still answer itself. */
  heardBy?: number;
}

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

export const sealResponse = <Body>(claim: IdempotencyClaim, body: Body): Sealed<Body> => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', claim.responseKey, iv).setAAD(Buffer.from(claim.keyHash));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(body), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
};

export const openResponse = <Body>(claim: IdempotencyClaim, sealed: Sealed<Body>): Body => {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', claim.responseKey, raw.subarray(0, 12)).setAAD(
    Buffer.from(claim.keyHash),
  );
  decipher.setAuthTag(raw.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
};
