/** GET /clearances/{clearanceId}: status, consent and the notice text as it would be published. */
import * as clearancesRoutes from '../../shared/contract/routes/clearances.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clearanceStore } from '../../shared/store/clearances.ts';
import { clearanceView } from '../../shared/views/clearance.ts';

export const getClearance = (services: Services) => {
  const clearances = clearanceStore(services);
  return httpHandler(clearancesRoutes.getClearance, async ({ params, principal }) => {
    const stored = await clearances.getFor(principal, params.clearanceId);
    return { status: 200, body: clearanceView(stored, services.config) };
  });
};

export const handler = getClearance(createServices());
