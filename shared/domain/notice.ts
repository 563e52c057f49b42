/**
 * Clarification notices (澄清正名通报): generated from a template per method and language, signed
 * over a canonical serialisation, verifiable by anyone with the published keys.
 *
 * The text names the cadre, their position and organisation, the cleared allegations in the
 * investigator's public wording, and the investigator's statement. It never names a reporter (the
 * clearance does not even hold one) and never mentions an allegation that was not cleared.
 */
import { createPublicKey, type JsonWebKey, verify } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type { Clearance } from './clearance.ts';
import type { ClearanceMethod } from './vocabulary.ts';

export interface NoticeSignature {
  alg: 'ES256';
  keyId: string;
  /** base64url of the raw r‖s signature (64 bytes), as in JWS. */
  value: string;
}

export interface Notice {
  noticeId: string;
  publishedAt: string;
  issuer: string;
  method: ClearanceMethod;
  public: boolean;
  cadre: { name: string; position: string; organization: string };
  clearedAllegations: { summary: string }[];
  /** zh-CN, the authoritative text. */
  text: string;
  translations: { en: string };
  signature: NoticeSignature;
}

export type UnsignedNotice = Omit<Notice, 'signature'>;

const titles: Record<ClearanceMethod, { zh: string; en: string }> = {
  LETTER: {
    zh: '关于{name}同志有关问题核查情况的说明函',
    en: 'Letter on the verification of matters concerning {name}',
  },
  IN_PERSON: {
    zh: '关于向{name}同志当面说明核查情况的记录',
    en: 'Record of the in-person explanation to {name}',
  },
  MEETING: {
    zh: '关于为{name}同志澄清正名的会议通报',
    en: 'Announcement at a meeting clearing the name of {name}',
  },
  PUBLIC_NOTICE: { zh: '关于为{name}同志澄清正名的通报', en: 'Public notice clearing the name of {name}' },
};

/** How a cleared matter is named in public: the investigator's wording (clearance.ts). */
const publicName = (a: Clearance['allegations'][number]) => a.publicSummary ?? a.summary;

/**
 * One document of a clearance, for one of its forms (the clearance's leading form by default). The
 * investigator's statement (澄清说明) is part of every document, as the cadre was shown it.
 */
export const renderNotice = (
  clearance: Clearance,
  issuer: string,
  lang: 'zh' | 'en',
  method: ClearanceMethod = clearance.method,
): string => {
  const { name, position, organization } = clearance.cadre;
  const title = titles[method][lang].replace('{name}', name);
  const statement = clearance.statement.trim();
  if (lang === 'zh') {
    const matters = clearance.allegations.map((a, i) => `${i + 1}.${publicName(a)}`).join('；');
    return `${title}\n\n近期，有反映${organization}${position}${name}同志以下问题：${matters}。经${issuer}认真核查，上述问题不属实。${statement ? `\n\n${statement}` : ''}\n\n特此予以澄清，为${name}同志正名，消除不良影响。\n\n${issuer}`;
  }
  const matters = clearance.allegations.map((a, i) => `(${i + 1}) ${publicName(a)}`).join('; ');
  return `${title}\n\nIt was reported that ${name}, ${position} of ${organization}, was involved in the following: ${matters}. Having verified these matters, ${issuer} found them untrue.${statement ? `\n\nStatement (as issued in Chinese): ${statement}` : ''}\n\nThis notice clears the name of ${name} and is issued to remove any adverse effect.\n\n${issuer}`;
};

/** A clearance's document for one form; only a public notice goes on the board. */
export const buildNotice = (
  clearance: Clearance,
  noticeId: string,
  issuer: string,
  publishedAt: string,
  method: ClearanceMethod = clearance.method,
): UnsignedNotice => ({
  noticeId,
  publishedAt,
  issuer,
  method,
  public: method === 'PUBLIC_NOTICE',
  cadre: clearance.cadre,
  clearedAllegations: clearance.allegations.map((a) => ({ summary: publicName(a) })),
  text: renderNotice(clearance, issuer, 'zh', method),
  translations: { en: renderNotice(clearance, issuer, 'en', method) },
});

/**
 * The bytes that are signed: every field but `signature`, as canonical JSON (object keys sorted
 * by UTF-16 code unit, no insignificant whitespace, strings as JSON.stringify writes them), UTF-8.
 */
export const canonicalNoticeBytes = (notice: UnsignedNotice | Notice): Buffer => {
  const { signature: _signature, ...unsigned } = notice as Notice;
  return Buffer.from(canonicalJson(unsigned), 'utf8');
};

export interface Jwk extends JsonWebKey {
  kid?: string;
  alg?: string;
  use?: string;
}

/**
 * Exactly 64 bytes of base64url, written the one way an encoder writes them. Node's decoder skips
 * characters outside the alphabet and ignores the unused low bits of the last one, so a signature
 * with a stray character appended, or a different last character, would otherwise still verify.
 */
export const isRawEs256Signature = (value: unknown): value is string =>
  typeof value === 'string' &&
  /^[A-Za-z0-9_-]{86}$/.test(value) &&
  Buffer.from(value, 'base64url').toString('base64url') === value;

/** A published notice key, as the JWKS lists it: an EC P-256 public key with its id. */
export interface PublicJwk extends Jwk {
  kty: string;
  crv: string;
  x: string;
  y: string;
  kid: string;
  alg: string;
  use: string;
}

/** Verifies a notice against a JWKS: false for an unknown key, an altered field or a bad signature. */
export const verifyNotice = (notice: unknown, keys: readonly Jwk[]): boolean => {
  try {
    const candidate = notice as Notice;
    // Receipts are signed with the same keys (docs/decisions/0009): a receipt dressed as a notice
    // has no noticeId, and cannot gain one without changing the bytes its signature covers.
    if (typeof candidate?.noticeId !== 'string') return false;
    const signature = candidate.signature;
    if (signature?.alg !== 'ES256' || !isRawEs256Signature(signature.value)) return false;
    const jwk = keys.find((k) => k.kid === signature.keyId);
    if (!jwk) return false;
    const { kid: _kid, alg: _alg, use: _use, ...material } = jwk;
    const key = createPublicKey({ key: material, format: 'jwk' });
    return verify(
      'sha256',
      canonicalNoticeBytes(candidate),
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature.value, 'base64url'),
    );
  } catch {
    return false;
  }
};
