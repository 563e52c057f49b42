/** What a request answers when its idempotency claim finds an earlier record (shared/store/idempotency.ts). */
import { describe, expect, it } from 'vitest';
import {
  claimIdempotency,
  claimUnkeyed,
  earlierAnswer,
  idempotencyRecord,
} from '../../shared/store/idempotency.ts';

const pepper = new Uint8Array(32).fill(7);
const now = new Date('2026-03-02T02:00:00Z');
const response = { reportId: 'rpt_1', receiptCode: 'SECRET' };

describe('an earlier record for the same claim', () => {
  it('answers a keyed retry with the first answer', () => {
    const claim = claimIdempotency('submitReport', 'key-12345', { a: 1 }, pepper);
    const record = idempotencyRecord(claim, { status: 201, response });
    expect(earlierAnswer(claim, { ...record, ttl: 0 }, now)).toEqual({ status: 201, body: response });
  });

  it('refuses the same key with another body as IDEMPOTENCY_KEY_REUSED', () => {
    const first = claimIdempotency('submitReport', 'key-12345', { a: 1 }, pepper);
    const record = idempotencyRecord(first, { status: 201, response });
    const other = claimIdempotency('submitReport', 'key-12345', { a: 2 }, pepper);
    expect(() => earlierAnswer(other, { ...record, ttl: 0 }, now)).toThrow(
      expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED' }),
    );
  });

  it('without a key, answers only once the first request can no longer answer for itself', () => {
    const claim = claimUnkeyed('submitReport', '203.0.113.9', { a: 1 }, pepper);
    const running = idempotencyRecord(claim, { status: 201, response, heardBy: now.getTime() + 1 });
    expect(earlierAnswer(claim, { ...running, ttl: 0 }, now)).toBeUndefined();
    const heard = { ...running, heardBy: now.getTime(), ttl: 0 };
    expect(earlierAnswer(claim, heard, now)).toEqual({ status: 201, body: response });
  });
});
