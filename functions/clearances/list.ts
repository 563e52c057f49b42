/** GET /clearances?status=: one index Query per page, newest first. */
import * as clearancesRoutes from '../../shared/contract/routes/clearances.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clearanceStore } from '../../shared/store/clearances.ts';
import { clearanceSettingsOf } from '../../shared/store/commissions.ts';
import { clearanceView } from '../../shared/views/clearance.ts';

export const listClearances = (services: Services) => {
  const clearances = clearanceStore(services);
  return httpHandler(clearancesRoutes.listClearances, async ({ query, principal }) => {
    // All of one commission's: the member's.
    const settings = await clearanceSettingsOf(services, principal.commissionId);
    const page = await clearances.listByStatus(
      principal.commissionId,
      query.status,
      query.limit,
      query.cursor,
    );
    return {
      status: 200,
      body: {
        items: page.items.map((stored) => clearanceView(stored, settings)),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      },
    };
  });
};

export const handler = listClearances(createServices());
