/**
 * POST /clearances/{clearanceId}/consent/preview: what the cadre is asked to agree to, shown before
 * the answer (informed consent, docs/domain.md "Clearance"). The token opens it like the answer does
 * (one 403 for a wrong, used or expired token) but is not used up, so the page survives a reload.
 */

import * as clearancesRoutes from '../../shared/contract/routes/clearances.ts';
import { assertTokenOpens, commissionOf as issuerOf } from '../../shared/domain/clearance-steps.ts';
import { commissionOf } from '../../shared/domain/commission.ts';
import { consentPreview } from '../../shared/domain/consent-preview.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clearanceStore } from '../../shared/store/clearances.ts';
import { clearanceSettingsOf } from '../../shared/store/commissions.ts';

export const previewConsent = (services: Services) => {
  const clearances = clearanceStore(services);
  return httpHandler(clearancesRoutes.previewConsent, async ({ body, params }) => {
    const stored = await clearances.get(params.clearanceId);
    assertTokenOpens(stored, body.token, services.now());
    // The clearance's commission, from the settings consent and approval read too: the hash matches.
    const settings = await clearanceSettingsOf(services, commissionOf(stored.clearance));
    return { status: 200, body: consentPreview(stored.clearance, issuerOf(settings)) };
  });
};

export const handler = previewConsent(createServices());
