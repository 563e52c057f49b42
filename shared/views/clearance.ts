/** What staff see of a clearance: never the token hash or the cadre's contact. */
import { isPublicMethod } from '../domain/clearance.ts';
import { renderNotice } from '../domain/notice.ts';
import type { StoredClearance } from '../store/clearances.ts';

export const clearanceView = (stored: StoredClearance, issuer: string) => ({
  ...stored.clearance,
  consentExpiresAt: stored.consentCredential.expiresAt,
  public: isPublicMethod(stored.clearance.method),
  noticePreview: {
    zh: renderNotice(stored.clearance, issuer, 'zh'),
    en: renderNotice(stored.clearance, issuer, 'en'),
  },
});
