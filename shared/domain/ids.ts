import { randomBytes } from 'node:crypto';

/**
 * Opaque identifiers: a short type prefix for people reading logs and consoles, then 128 random
 * bits, so that no identifier reveals how many reports exist or can be guessed from another.
 */
export const newId = (prefix: 'rpt' | 'evt' | 'clu' | 'cad' | 'clr' | 'ntc' | 'flw' | 'flg'): string =>
  `${prefix}_${randomBytes(16).toString('base64url')}`;
