/**
 * Informed consent (本人同意, docs/domain.md "Clearance"): what the cadre is shown before answering,
 * and the hash that binds the answer to it. The cadre sees every document the clearance will issue,
 * word for word, with the forms, the matters as they will be named, the commission and how to reach
 * it. The consent records the hash of that content, and approval publishes only if the documents
 * still hash the same: what is issued is byte for byte what the cadre agreed to.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import { type Clearance, methodsOf } from './clearance.ts';
import { DomainError } from './errors.ts';
import { renderNotice } from './notice.ts';
import type { ClearanceMethod } from './vocabulary.ts';

export interface Commission {
  name: string;
  /** How to reach the commission: a phone line and an address, as it publishes them. */
  contact: string;
}

export interface ClearanceDocument {
  method: ClearanceMethod;
  public: boolean;
  text: { zh: string; en: string };
}

/** The documents the clearance will issue, one per form, leading form first. */
export const clearanceDocuments = (clearance: Clearance, issuer: string): ClearanceDocument[] =>
  methodsOf(clearance).map((method) => ({
    method,
    public: method === 'PUBLIC_NOTICE',
    text: {
      zh: renderNotice(clearance, issuer, 'zh', method),
      en: renderNotice(clearance, issuer, 'en', method),
    },
  }));

/** Everything the cadre agrees to, and its hash (SHA-256 of its canonical JSON, hex). */
export const consentContent = (clearance: Clearance, commission: Commission) => {
  const content = {
    commission: { name: commission.name },
    methods: methodsOf(clearance),
    allegations: clearance.allegations.map((a) => ({
      allegationId: a.allegationId,
      publicSummary: a.publicSummary ?? a.summary,
    })),
    statement: clearance.statement,
    documents: clearanceDocuments(clearance, commission.name),
  };
  const contentHash = createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
  return { content, contentHash };
};

/** The preview the consent page shows (docs/api.md, "Clearances"). */
export const consentPreview = (clearance: Clearance, commission: Commission) => {
  const { content, contentHash } = consentContent(clearance, commission);
  const [lead] = content.documents as [ClearanceDocument];
  return {
    clearanceId: clearance.clearanceId,
    status: clearance.status,
    commission: content.commission,
    contact: commission.contact,
    cadre: clearance.cadre,
    methods: content.methods,
    allegations: content.allegations,
    statement: content.statement,
    noticeText: lead.text,
    public: content.documents.some((d) => d.public),
    documents: content.documents,
    contentHash,
  };
};

/** The content changed since it was shown (or consented to): the answer would not be informed. */
export const contentChanged = () =>
  new DomainError('CONSENT_CONTENT_CHANGED', {
    zh: '拟发布的澄清内容已发生变化，请重新查看后再表示意见',
    en: 'The text to be issued has changed since it was shown; please review it again',
  });
