/** GET /commissions/{commissionId}: an administrator reads its own commission's settings. */
import * as commissionsRoutes from '../../shared/contract/routes/commissions.ts';
import { notFound } from '../../shared/domain/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { commissionStore } from '../../shared/store/commissions.ts';

export const getCommission = (services: Services) => {
  const commissions = commissionStore(services);
  return httpHandler(commissionsRoutes.getCommission, async ({ params, principal }) => {
    // Another commission's settings answer as a missing one (isolation, docs/architecture.md).
    const commission =
      params.commissionId === principal.commissionId ? await commissions.get(params.commissionId) : undefined;
    if (!commission) throw notFound();
    return { status: 200, body: commission };
  });
};

export const handler = getCommission(createServices());
