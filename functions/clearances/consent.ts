/**
 * POST /clearances/{clearanceId}/consent: the cadre's answer. The token is the credential: a wrong,
 * used or expired token gets the same 403, and a token works once, raced or not: a request that
 * loses the race for the clearance reloads it and then finds its token used.
 */

import * as clearancesRoutes from '../../shared/contract/routes/clearances.ts';
import { decideConsent } from '../../shared/domain/clearance-steps.ts';
import { commissionOf } from '../../shared/domain/commission.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clearanceStore } from '../../shared/store/clearances.ts';
import { clearanceSettingsOf } from '../../shared/store/commissions.ts';

export const consentToClearance = (services: Services) => {
  const clearances = clearanceStore(services);
  /** Checks the token against the clearance as stored now, and records the answer. */
  const answer = async (clearanceId: string, body: Parameters<typeof decideConsent>[1]) => {
    const stored = await clearances.get(clearanceId);
    // The hash is checked against the preview, which names the clearance's commission (preview.ts).
    const settings = await clearanceSettingsOf(services, commissionOf(stored.clearance));
    const decision = decideConsent(stored, body, services.now(), settings);
    const { clearance } = await clearances.commit({ before: stored, decision });
    return { status: 200 as const, body: { clearanceId: clearance.clearanceId, status: clearance.status } };
  };

  return httpHandler(clearancesRoutes.consentToClearance, async ({ body, params }) => {
    // The clearance changed between load and commit: most often another request with this very
    // token won, which the next look at the credential tells as a 403 (a used token), as the
    // contract says; a change for any other reason is answered on the fresh state.
    for (let attempt = 1; ; attempt++) {
      try {
        return await answer(params.clearanceId, body);
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'VERSION_CONFLICT') || attempt === 3)
          throw error;
      }
    }
  });
};

export const handler = consentToClearance(createServices());
