/** GET /commissions: the commissions this deployment serves, for the portal's choice (public). */
import * as commissionsRoutes from '../../shared/contract/routes/commissions.ts';
import { effectiveSettings } from '../../shared/domain/commission.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { commissionStore } from '../../shared/store/commissions.ts';

export const listCommissions = (services: Services) => {
  const commissions = commissionStore(services);
  return httpHandler(commissionsRoutes.listCommissions, async ({ query }) => {
    const [{ items, nextCursor }, own] = await Promise.all([
      commissions.list(query.limit, query.cursor),
      commissions.defaultDestination(),
    ]);
    return {
      status: 200,
      body: {
        items: items.map((c) => ({
          commissionId: c.commissionId,
          name: c.name,
          level: c.level,
          ...(c.parentId ? { parentId: c.parentId } : {}),
          contact: effectiveSettings(c.commissionId, c, services.config).contact,
        })),
        ...(nextCursor ? { nextCursor } : {}),
        // The portal preselects it: where a report that names no commission goes.
        ...(own ? { defaultCommissionId: own } : {}),
      },
    };
  });
};

export const handler = listCommissions(createServices());
