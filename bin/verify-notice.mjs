#!/usr/bin/env node
// Verifies a Zhengming clarification notice offline, with nothing but Node.js and the JWKS.
//
//   node bin/verify-notice.mjs <notice.json | notice URL> <jwks.json | JWKS URL>
//
// The signed bytes are the notice without its "signature" field, as canonical JSON: object keys
// sorted by UTF-16 code unit at every depth, no whitespace, strings and numbers as JSON.stringify
// writes them, encoded as UTF-8. The signature is ES256 (ECDSA P-256, SHA-256), its value the
// base64url of r‖s (64 bytes); "keyId" names the key in the JWKS ("kid").
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

const [noticeSource, jwksSource] = process.argv.slice(2);
if (!noticeSource || !jwksSource) {
  console.error('usage: node bin/verify-notice.mjs <notice.json|URL> <jwks.json|URL>');
  process.exit(2);
}
const notice = await load(noticeSource);
const { keys } = await load(jwksSource);
const { signature, ...signed } = notice;
const jwk = keys.find((key) => key.kid === signature?.keyId);
let valid = false;
if (jwk && signature?.alg === 'ES256') {
  const { kid, alg, use, ...material } = jwk;
  valid = verify(
    'sha256',
    Buffer.from(canonical(signed), 'utf8'),
    { key: createPublicKey({ key: material, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature.value, 'base64url'),
  );
}
console.log(
  valid
    ? `VALID: notice ${notice.noticeId}, signed with key ${signature.keyId}`
    : 'INVALID: this notice was not signed as it stands',
);
process.exit(valid ? 0 : 1);
