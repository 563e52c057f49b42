/** GET /cadres/{cadreId}: only a cadre of the member's own commission (another's is a 404). */
import * as cadresRoutes from '../../shared/contract/routes/cadres.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { cadreStore } from '../../shared/store/cadres.ts';

export const getCadre = (services: Services) => {
  const cadres = cadreStore(services);
  return httpHandler(cadresRoutes.getCadre, async ({ params, principal }) => ({
    status: 200,
    body: await cadres.existingFor(principal, params.cadreId as string),
  }));
};

export const handler = getCadre(createServices());
