import { describe, expect, it } from 'vitest';
import {
  generateReceiptCode,
  hashReceiptCode,
  normaliseReceiptCode,
  receiptCodeLength,
  sameDigest,
} from '../../shared/domain/receipt-code.ts';

const pepper = new Uint8Array(32).fill(7);

describe('receipt codes', () => {
  it('carry 160 bits as 32 Crockford base32 characters in groups of four', () => {
    const code = generateReceiptCode();
    expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(receiptCodeLength * 5).toBeGreaterThanOrEqual(128);
  });

  it('encode every bit of the random input', () => {
    expect(generateReceiptCode(() => new Uint8Array(20))).toBe('0000-0000-0000-0000-0000-0000-0000-0000');
    expect(generateReceiptCode(() => new Uint8Array(20).fill(255))).toBe(
      'ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ',
    );
    const one = new Uint8Array(20);
    one[19] = 1;
    expect(generateReceiptCode(() => one).endsWith('0001')).toBe(true);
  });

  it('do not repeat', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => generateReceiptCode()));
    expect(codes.size).toBe(2000);
  });

  it('are read back case-insensitively, without separators, with I/L/O read as 1/1/0', () => {
    const code = 'AB1C-D0EF-GHJK-MNPQ-RSTV-WXYZ-0123-4567';
    const canonical = normaliseReceiptCode(code);
    expect(canonical).toBe('AB1CD0EFGHJKMNPQRSTVWXYZ01234567');
    expect(normaliseReceiptCode(code.toLowerCase().replaceAll('-', ' '))).toBe(canonical);
    expect(normaliseReceiptCode('abIc-dOef-ghjk-mnpq-rstv-wxyz-o123-4567')).toBe(canonical);
    expect(normaliseReceiptCode('ABLC D0EF GHJK MNPQ RSTV WXYZ 0123 4567')).toBe(canonical);
  });

  it('reject anything that cannot be a code', () => {
    expect(normaliseReceiptCode('')).toBeUndefined();
    expect(normaliseReceiptCode('AB1C-D0EF')).toBeUndefined();
    expect(normaliseReceiptCode('UB1C-D0EF-GHJK-MNPQ-RSTV-WXYZ-0123-4567')).toBeUndefined(); // U is not in the alphabet
  });

  it('are stored as a keyed hash that depends on the pepper', () => {
    const canonical = normaliseReceiptCode(generateReceiptCode()) as string;
    const hash = hashReceiptCode(canonical, pepper);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(canonical);
    expect(hashReceiptCode(canonical, pepper)).toBe(hash);
    expect(hashReceiptCode(canonical, new Uint8Array(32).fill(8))).not.toBe(hash);
  });

  it('compare digests in constant time, and only equal ones match', () => {
    const a = hashReceiptCode('A'.repeat(32), pepper);
    expect(sameDigest(a, a)).toBe(true);
    expect(sameDigest(a, hashReceiptCode('B'.repeat(32), pepper))).toBe(false);
    expect(sameDigest(a, a.slice(0, 10))).toBe(false);
  });
});
