/** What staff see of a clearance: never the token hash or the cadre's contact. */

import { isPublicMethod, methodsOf } from '../domain/clearance.ts';
import { type ClearanceSettings, commissionOf } from '../domain/clearance-steps.ts';
import { clearanceDocuments, consentContent } from '../domain/consent-preview.ts';
import { renderNotice } from '../domain/notice.ts';
import type { StoredClearance } from '../store/clearances.ts';

export const clearanceView = (stored: StoredClearance, settings: ClearanceSettings) => {
  const { clearance } = stored;
  const issuer = settings.COMMISSION_NAME;
  const noticeIds = [clearance.noticeId, ...(clearance.documents ?? []).map((d) => d.noticeId)];
  return {
    ...clearance,
    methods: methodsOf(clearance),
    allegations: clearance.allegations.map((a) => ({ ...a, publicSummary: a.publicSummary ?? a.summary })),
    consentExpiresAt: stored.consentCredential.expiresAt,
    public: isPublicMethod(clearance.method),
    noticePreview: {
      zh: renderNotice(clearance, issuer, 'zh'),
      en: renderNotice(clearance, issuer, 'en'),
    },
    // In the order of the forms, as the ids were drawn at approval (leading form first).
    documents: clearanceDocuments(clearance, issuer).map((d, i) => ({
      ...d,
      ...(noticeIds[i] ? { noticeId: noticeIds[i] } : {}),
    })),
    contentHash: consentContent(clearance, commissionOf(settings)).contentHash,
  };
};
