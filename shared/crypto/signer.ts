/**
 * The notice signing key: ES256 (ECDSA P-256 with SHA-256). In the cloud the private key never
 * leaves KMS (ECC_NIST_P256, SIGN_VERIFY); locally it is a key file. Either way the public keys
 * are published as a JWKS with key ids, so keys can rotate and old notices stay verifiable.
 */
import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import type { Jwk, PublicJwk } from '../domain/notice.ts';

export interface NoticeSigner {
  keyId: string;
  /** base64url of the raw r‖s signature over `bytes`. */
  sign(bytes: Uint8Array): Promise<string>;
  /** Public keys that verify notices: the current key and any retired ones still trusted. */
  jwks(): Promise<PublicJwk[]>;
}

/** A local signer from a private JWK (the local runtime's key file). */
export const localSigner = (privateJwk: Jwk, keyId: string): NoticeSigner => {
  const { kid: _k, alg: _a, use: _u, ...material } = privateJwk;
  const privateKey = createPrivateKey({ key: material, format: 'jwk' });
  const { d: _d, ...publicJwk } = material;
  return {
    keyId,
    sign: async (bytes) =>
      sign('sha256', bytes, { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url'),
    // An EC key's JWK export always holds kty, crv, x and y.
    jwks: async () => [{ ...publicJwk, kid: keyId, alg: 'ES256', use: 'sig' } as PublicJwk],
  };
};

/** DER ECDSA signature (what KMS returns) → raw r‖s, 32 bytes each. */
export const derToRaw = (der: Uint8Array): Buffer => {
  const buf = Buffer.from(der);
  let offset = 2;
  const read = () => {
    const length = buf[offset + 1] as number;
    const value = buf.subarray(offset + 2, offset + 2 + length);
    offset += 2 + length;
    const trimmed = value[0] === 0 ? value.subarray(1) : value;
    return Buffer.concat([Buffer.alloc(32 - trimmed.length), trimmed]);
  };
  return Buffer.concat([read(), read()]);
};

/** The cloud signer: KMS Sign with ECDSA_SHA_256; public keys from KMS GetPublicKey, cached. */
export const kmsSigner = (keyArns: readonly string[]): NoticeSigner => {
  const [current] = keyArns;
  if (!current) throw new Error('No notice signing key configured');
  const keyIdOf = (arn: string) => arn.split('/').at(-1) as string;
  let sdk:
    | Promise<{ kms: typeof import('@aws-sdk/client-kms'); client: import('@aws-sdk/client-kms').KMSClient }>
    | undefined;
  const load = () => {
    sdk ??= import('@aws-sdk/client-kms').then((kms) => ({ kms, client: new kms.KMSClient({}) }));
    return sdk;
  };
  let keys: Promise<PublicJwk[]> | undefined;
  return {
    keyId: keyIdOf(current),
    async sign(bytes) {
      const { kms, client } = await load();
      const out = await client.send(
        new kms.SignCommand({
          KeyId: current,
          Message: bytes,
          MessageType: 'RAW',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
      if (!out.Signature) throw new Error('KMS returned no signature');
      return derToRaw(out.Signature).toString('base64url');
    },
    jwks() {
      keys ??= load().then(({ kms, client }) =>
        Promise.all(
          keyArns.map(async (arn) => {
            const out = await client.send(new kms.GetPublicKeyCommand({ KeyId: arn }));
            const jwk = createPublicKey({
              key: Buffer.from(out.PublicKey as Uint8Array),
              format: 'der',
              type: 'spki',
            }).export({
              format: 'jwk',
            });
            return { ...jwk, kid: keyIdOf(arn), alg: 'ES256', use: 'sig' } as PublicJwk;
          }),
        ),
      );
      keys.catch(() => {
        keys = undefined;
      });
      return keys;
    },
  };
};
