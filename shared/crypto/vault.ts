/**
 * Envelope encryption of reporter identity (举报人身份信息). Each record gets its own data key;
 * the data key is wrapped by a key-encryption key that never leaves KMS in the cloud (a local key
 * file in the local runtime). The record id is bound in as encryption context / associated data,
 * so a sealed identity cannot be moved onto another report.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface Envelope {
  v: 1;
  keyId: string;
  /** The data key, encrypted under the key-encryption key (base64). */
  wrappedKey: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

export interface IdentityVault {
  seal(plaintext: unknown, context: Record<string, string>): Promise<Envelope>;
  open<T>(envelope: Envelope, context: Record<string, string>): Promise<T>;
}

interface KeyWrapper {
  keyId: string;
  /** A fresh data key: its plaintext and its wrapped form. */
  generate(context: Record<string, string>): Promise<{ plaintext: Uint8Array; wrapped: Uint8Array }>;
  unwrap(wrapped: Uint8Array, context: Record<string, string>): Promise<Uint8Array>;
}

const contextBytes = (context: Record<string, string>) =>
  Buffer.from(
    JSON.stringify(Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    'utf8',
  );

const gcmSeal = (key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array) => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
};

const gcmOpen = (
  key: Uint8Array,
  iv: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
  aad: Uint8Array,
) => {
  const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
};

export const envelopeVault = (wrapper: KeyWrapper): IdentityVault => ({
  async seal(plaintext, context) {
    const dataKey = await wrapper.generate(context);
    const sealed = gcmSeal(
      dataKey.plaintext,
      Buffer.from(JSON.stringify(plaintext), 'utf8'),
      contextBytes(context),
    );
    dataKey.plaintext.fill(0);
    return {
      v: 1,
      keyId: wrapper.keyId,
      wrappedKey: Buffer.from(dataKey.wrapped).toString('base64'),
      iv: sealed.iv.toString('base64'),
      ciphertext: sealed.ciphertext.toString('base64'),
      tag: sealed.tag.toString('base64'),
    };
  },
  async open(envelope, context) {
    const key = await wrapper.unwrap(Buffer.from(envelope.wrappedKey, 'base64'), context);
    const plain = gcmOpen(
      key,
      Buffer.from(envelope.iv, 'base64'),
      Buffer.from(envelope.ciphertext, 'base64'),
      Buffer.from(envelope.tag, 'base64'),
      contextBytes(context),
    );
    key.fill(0);
    return JSON.parse(plain.toString('utf8'));
  },
});

/** The local runtime's key wrapper: AES-256-GCM under a key file's key. */
export const localKeyWrapper = (kek: Uint8Array, keyId = 'local'): KeyWrapper => {
  if (kek.length !== 32) throw new Error('The local identity key must be 32 bytes');
  return {
    keyId,
    async generate(context) {
      const plaintext = randomBytes(32);
      const { iv, ciphertext, tag } = gcmSeal(kek, plaintext, contextBytes(context));
      return { plaintext, wrapped: Buffer.concat([iv, ciphertext, tag]) };
    },
    async unwrap(wrapped, context) {
      const buf = Buffer.from(wrapped);
      return gcmOpen(kek, buf.subarray(0, 12), buf.subarray(12, 44), buf.subarray(44), contextBytes(context));
    },
  };
};

/** The cloud key wrapper: KMS GenerateDataKey / Decrypt with the context as encryption context. */
export const kmsKeyWrapper = (keyArn: string): KeyWrapper => {
  // Loaded on first use: only functions that seal or open identities pay for the KMS client.
  let loaded: Promise<{
    sdk: typeof import('@aws-sdk/client-kms');
    client: import('@aws-sdk/client-kms').KMSClient;
  }>;
  const kms = () => {
    loaded ??= import('@aws-sdk/client-kms').then((sdk) => ({ sdk, client: new sdk.KMSClient({}) }));
    return loaded;
  };
  return {
    keyId: keyArn,
    async generate(context) {
      const { sdk, client } = await kms();
      const out = await client.send(
        new sdk.GenerateDataKeyCommand({ KeyId: keyArn, KeySpec: 'AES_256', EncryptionContext: context }),
      );
      if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS returned no data key');
      return { plaintext: out.Plaintext, wrapped: out.CiphertextBlob };
    },
    async unwrap(wrapped, context) {
      const { sdk, client } = await kms();
      const out = await client.send(
        new sdk.DecryptCommand({ KeyId: keyArn, CiphertextBlob: wrapped, EncryptionContext: context }),
      );
      if (!out.Plaintext) throw new Error('KMS returned no plaintext');
      return out.Plaintext;
    },
  };
};
