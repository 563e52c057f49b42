/**
 * Receipt codes (受理码): the reporter's only key to their report. 160 bits from the CSPRNG,
 * written in Crockford base32 (no I, L, O, U) as eight groups of four, so that they can be read
 * aloud and typed back. Only a keyed hash is ever stored.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const codeBytes = 20; // 160 bits: 32 base32 characters, above the 128 bits the contract demands
export const receiptCodeLength = 32;

const toBase32 = (bytes: Uint8Array): string => {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
};

/** A new receipt code, grouped for display: `ABCD-EFGH-…`. */
export const generateReceiptCode = (random: (size: number) => Uint8Array = randomBytes): string =>
  (toBase32(random(codeBytes)).match(/.{4}/g) as string[]).join('-');

/**
 * The canonical form of whatever the reporter typed: case-insensitive, separators and spaces
 * ignored, and the letters people confuse with digits read as Crockford does (I/L → 1, O → 0).
 * Returns undefined for anything that cannot be a receipt code, which the lookup treats as a miss.
 */
export const normaliseReceiptCode = (typed: string): string | undefined => {
  const code = typed
    .toUpperCase()
    .replace(/[\s\-_.·—–]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (code.length !== receiptCodeLength) return undefined;
  for (const char of code) if (!alphabet.includes(char)) return undefined;
  return code;
};

/** The keyed hash that the receipt index stores: HMAC-SHA256 under the receipt pepper. */
export const hashReceiptCode = (normalised: string, pepper: Uint8Array): string =>
  createHmac('sha256', pepper).update(normalised).digest('hex');

/** Compares two hex digests in constant time. */
export const sameDigest = (a: string, b: string): boolean => {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
};
