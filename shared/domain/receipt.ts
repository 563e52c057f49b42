/**
 * The signed receipt (回执): the commission's signed statement that it received this report, with
 * this content, at this moment. The reporter keeps it; anyone with the published keys can check it
 * (docs/decisions/0009-signed-receipts-with-the-notice-keys.md).
 *
 * It names no one: `contentHash` is SHA-256 over the report without the reporter's identity, so
 * the receipt proves what was reported without saying who reported it.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import { isRawEs256Signature, type Jwk } from './notice.ts';
import type { Report, ReportSubmission } from './report.ts';

/** What is signed: the report's identifier, when it arrived, and the hash of its content. */
export interface ReceiptStatement {
  reportId: string;
  submittedAt: string;
  /** SHA-256 of the canonical JSON of the content, 64 lowercase hex digits. */
  contentHash: string;
}

export interface SignedReceipt extends ReceiptStatement {
  keyId: string;
  /** ES256: base64url of the raw r‖s signature (64 bytes), as in JWS. */
  signature: string;
}

/** The signing port: shared/crypto/signer.ts (KMS in the cloud, a key file locally). */
export interface ReceiptSigner {
  keyId: string;
  sign(bytes: Uint8Array): Promise<string>;
}

/**
 * Every member of the report as submitted, the reporter's identity replaced by its kind. Typed as a
 * record of every key, so a member added to the submission fails to compile until it is hashed too.
 */
const hashedMembers = {
  accused: true,
  category: true,
  allegations: true,
  reporterKind: true,
} as const satisfies Record<keyof ReportSubmission, true>;

/**
 * SHA-256 (hex) of the canonical JSON of the report as received: the request's accused, category
 * and allegations as validated (free text trimmed) and `reporterKind`. The name, ID number, phone
 * and e-mail address never enter it, so a receipt cannot be matched to a person by hashing guesses
 * of who they are. The stored report holds exactly these members, so the hash can be rebuilt from it.
 */
export const contentHashOf = (submission: ReportSubmission): string => {
  const content = Object.fromEntries(
    Object.keys(hashedMembers).map((key) => [key, submission[key as keyof ReportSubmission]]),
  );
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
};

/** The bytes signed: canonical JSON of the three statement members, UTF-8. */
export const receiptBytes = ({ reportId, submittedAt, contentHash }: ReceiptStatement): Buffer =>
  Buffer.from(canonicalJson({ reportId, submittedAt, contentHash }), 'utf8');

/** Signs the receipt of a report just received. */
export const issueReceipt = async (report: Report, signer: ReceiptSigner): Promise<SignedReceipt> => {
  const statement = {
    reportId: report.reportId,
    submittedAt: report.submittedAt,
    contentHash: contentHashOf(report),
  };
  return { ...statement, keyId: signer.keyId, signature: await signer.sign(receiptBytes(statement)) };
};

/** True only for a receipt signed by a key in `keys`, every member as it was signed. */
export const verifyReceipt = (receipt: SignedReceipt, keys: readonly Jwk[]): boolean => {
  try {
    if (!isRawEs256Signature(receipt.signature)) return false;
    const jwk = keys.find((k) => k.kid === receipt.keyId);
    if (!jwk) return false;
    const { kid: _kid, alg: _alg, use: _use, ...material } = jwk;
    return verify(
      'sha256',
      receiptBytes(receipt),
      { key: createPublicKey({ key: material, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
      Buffer.from(receipt.signature, 'base64url'),
    );
  } catch {
    return false;
  }
};
