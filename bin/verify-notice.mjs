#!/usr/bin/env node
// Verifies a Zhengming clarification notice, or a report's signed receipt, offline, with nothing
// but Node.js and the JWKS.
//
//   node bin/verify-notice.mjs <notice.json | receipt.json | URL> <jwks.json | JWKS URL>
//
// Both are ES256 (ECDSA P-256, SHA-256) signatures, base64url of r‖s (64 bytes), made with a key
// the JWKS names by "kid", over canonical JSON: object keys sorted by UTF-16 code unit at every
// depth, no whitespace, strings and numbers as JSON.stringify writes them, encoded as UTF-8.
// - A notice (it has "noticeId"): the signed bytes are the notice without its "signature" field;
//   "signature": {"alg": "ES256", "keyId", "value"}.
// - A receipt (it has "contentHash"): exactly {reportId, submittedAt, contentHash, keyId,
//   signature}; the signed bytes are {reportId, submittedAt, contentHash}. contentHash is the hex
//   SHA-256 of the canonical JSON of the report's {accused, category, allegations, reporterKind}.
// This file deliberately depends on nothing in the repository, so a third party can copy it.
import { createPublicKey, verify } from 'node:crypto';
import { readFile } from 'node:fs/promises';

const load = async (source) =>
  JSON.parse(
    /^https?:\/\//.test(source) ? await (await fetch(source)).text() : await readFile(source, 'utf8'),
  );

const canonical = (value) => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
    .join(',')}}`;
};

const verifies = (keys, keyId, signed, signature) => {
  const jwk = keys.find((key) => key.kid === keyId);
  // Node's base64url decoder skips characters outside the alphabet and the unused bits of the last
  // one: accept exactly 64 bytes, written as an encoder writes them.
  const canonicalSignature =
    typeof signature === 'string' &&
    /^[A-Za-z0-9_-]{86}$/.test(signature) &&
    Buffer.from(signature, 'base64url').toString('base64url') === signature;
  if (!jwk || !canonicalSignature) return false;
  const { kid, alg, use, ...material } = jwk;
  return verify(
    'sha256',
    Buffer.from(canonical(signed), 'utf8'),
    { key: createPublicKey({ key: material, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
};

const receiptMembers = ['contentHash', 'keyId', 'reportId', 'signature', 'submittedAt'];

const check = (document, keys) => {
  if (typeof document?.noticeId === 'string') {
    const { signature, ...signed } = document;
    const valid = signature?.alg === 'ES256' && verifies(keys, signature.keyId, signed, signature.value);
    return valid
      ? `VALID: notice ${document.noticeId}, signed with key ${signature.keyId}`
      : 'INVALID: this notice was not signed as it stands';
  }
  if (document && typeof document === 'object' && 'contentHash' in document) {
    const { reportId, submittedAt, contentHash, keyId, signature } = document;
    const valid =
      Object.keys(document).sort().join() === receiptMembers.join() &&
      verifies(keys, keyId, { reportId, submittedAt, contentHash }, signature);
    return valid
      ? `VALID: receipt for report ${reportId}, received ${submittedAt}, content SHA-256 ${contentHash}, signed with key ${keyId}`
      : 'INVALID: this receipt was not signed as it stands';
  }
  return 'INVALID: neither a notice nor a receipt';
};

const [documentSource, jwksSource] = process.argv.slice(2);
if (!documentSource || !jwksSource) {
  console.error('usage: node bin/verify-notice.mjs <notice.json|receipt.json|URL> <jwks.json|URL>');
  process.exit(2);
}
const { keys } = await load(jwksSource);
const verdict = check(await load(documentSource), keys);
console.log(verdict);
process.exit(verdict.startsWith('VALID') ? 0 : 1);
