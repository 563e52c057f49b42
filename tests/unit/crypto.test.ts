import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derivePeppers } from '../../shared/crypto/peppers.ts';
import { envelopeVault, localKeyWrapper } from '../../shared/crypto/vault.ts';
import { canonicalJson } from '../../shared/domain/canonical-json.ts';
import { decodeCursor, encodeCursor } from '../../shared/store/cursor.ts';
import { claimIdempotency, openResponse, sealResponse } from '../../shared/store/idempotency.ts';

describe('peppers', () => {
  it('derive a different key per purpose from one master secret', () => {
    const peppers = derivePeppers(randomBytes(32));
    const hex = Object.values(peppers).map((key) => Buffer.from(key).toString('hex'));
    expect(new Set(hex).size).toBe(Object.keys(peppers).length);
    expect(hex.length).toBe(7);
    expect(() => derivePeppers(randomBytes(16))).toThrow();
  });
});

describe('the identity vault', () => {
  const vault = envelopeVault(localKeyWrapper(randomBytes(32)));

  it('seals and opens with the same context', async () => {
    const sealed = await vault.seal({ name: '李四' }, { reportId: 'rpt_1' });
    expect(JSON.stringify(sealed)).not.toContain('李四');
    expect(await vault.open(sealed, { reportId: 'rpt_1' })).toEqual({ name: '李四' });
  });

  it('refuses another context, a tampered ciphertext and another key', async () => {
    const sealed = await vault.seal({ name: '李四' }, { reportId: 'rpt_1' });
    await expect(vault.open(sealed, { reportId: 'rpt_2' })).rejects.toThrow();
    const tampered = { ...sealed, ciphertext: Buffer.from('x').toString('base64') };
    await expect(vault.open(tampered, { reportId: 'rpt_1' })).rejects.toThrow();
    const other = envelopeVault(localKeyWrapper(randomBytes(32)));
    await expect(other.open(sealed, { reportId: 'rpt_1' })).rejects.toThrow();
  });
});

describe('idempotency claims', () => {
  const pepper = randomBytes(32);

  it('hash equal requests equally whatever the key order', () => {
    const a = claimIdempotency('op', 'key-12345', { a: 1, b: { c: 2, d: [1, 2] } }, pepper);
    const b = claimIdempotency('op', 'key-12345', { b: { d: [1, 2], c: 2 }, a: 1 }, pepper);
    expect(a.requestHash).toBe(b.requestHash);
    expect(claimIdempotency('op', 'key-12345', { a: 2 }, pepper).requestHash).not.toBe(a.requestHash);
  });

  it('store the response so that only the holder of the key can read it', () => {
    const claim = claimIdempotency('op', 'key-12345', {}, pepper);
    const sealed = sealResponse(claim, { receiptCode: 'SECRET' });
    expect(sealed).not.toContain('SECRET');
    expect(claim.keyHash).not.toContain('key-12345');
    expect(openResponse(claim, sealed)).toEqual({ receiptCode: 'SECRET' });
    expect(() => openResponse(claimIdempotency('op', 'key-67890', {}, pepper), sealed)).toThrow();
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: [3, { z: 1, y: 2 }] } })).toBe(
      '{"a":{"c":[3,{"y":2,"z":1}]},"b":1}',
    );
  });
});

describe('list cursors', () => {
  const expected = {
    attributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
    fixed: { GSI1PK: 'REPORTS#UNREGISTERED' },
  };
  const key = { PK: 'REPORT#1', SK: 'REPORT', GSI1PK: 'REPORTS#UNREGISTERED', GSI1SK: '2026#1' };

  it('round-trip a key', () => {
    expect(decodeCursor(encodeCursor(key), expected)).toEqual(key);
  });

  it.each([
    ['not base64 JSON', 'nope'],
    ['another list', encodeCursor({ ...key, GSI1PK: 'CLUES#OPEN' })],
    ['missing attributes', encodeCursor({ PK: 'x', SK: 'y' })],
    ['extra attributes', encodeCursor({ ...key, other: 'z' })],
    ['non-string values', encodeCursor({ ...key, PK: 1 })],
  ])('reject %s as a 400', (_why, cursor) => {
    expect(() => decodeCursor(cursor, expected)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});
