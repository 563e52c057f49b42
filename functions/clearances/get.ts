/** GET /clearances/{clearanceId}: status, consent and the notice text as it would be published. */
import * as clearancesRoutes from '../../shared/contract/routes/clearances.ts';
import { commissionOf } from '../../shared/domain/commission.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clearanceStore } from '../../shared/store/clearances.ts';
import { clearanceSettingsOf } from '../../shared/store/commissions.ts';
import { clearanceView } from '../../shared/views/clearance.ts';

export const getClearance = (services: Services) => {
  const clearances = clearanceStore(services);
  return httpHandler(clearancesRoutes.getClearance, async ({ params, principal }) => {
    const stored = await clearances.getFor(principal, params.clearanceId);
    const settings = await clearanceSettingsOf(services, commissionOf(stored.clearance));
    return { status: 200, body: clearanceView(stored, settings) };
  });
};

export const handler = getClearance(createServices());
