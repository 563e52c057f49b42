/**
 * Peppers: the secret keys behind every keyed hash. One master secret (Secrets Manager in the
 * cloud) is expanded with HKDF into one key per purpose, so that a receipt hash can never be
 * confused with an identity fingerprint and one secret is all there is to guard.
 */
import { hkdfSync } from 'node:crypto';

export interface Peppers {
  /** Receipt codes → receipt index key. */
  receipt: Uint8Array;
  /** Normalised resident ID → accuser fingerprint. */
  fingerprint: Uint8Array;
  /** Idempotency keys → record key and response encryption key. */
  idempotency: Uint8Array;
  /** Source addresses → rate-limit counter key (addresses are personal data too). */
  client: Uint8Array;
  /** The MAC chaining audit-trail entries. */
  audit: Uint8Array;
  /** A reporter's news contact → the key of its subscription and of its messages' filter. */
  contact: Uint8Array;
  /** One-time phone codes → their stored hash. */
  phoneCode: Uint8Array;
}

const derive = (master: Uint8Array, purpose: string): Uint8Array =>
  new Uint8Array(hkdfSync('sha256', master, new Uint8Array(0), `zhengming/${purpose}/v1`, 32));

export const derivePeppers = (master: Uint8Array): Peppers => {
  if (master.length < 32) throw new Error('The master secret must hold at least 32 bytes');
  return {
    receipt: derive(master, 'receipt'),
    fingerprint: derive(master, 'fingerprint'),
    idempotency: derive(master, 'idempotency'),
    client: derive(master, 'client'),
    audit: derive(master, 'audit'),
    contact: derive(master, 'contact'),
    phoneCode: derive(master, 'phone-code'),
  };
};
