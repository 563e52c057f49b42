/** GET /cadres/{cadreId}. */
import * as cadresRoutes from '../../shared/contract/routes/cadres.ts';
import { notFound } from '../../shared/domain/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { cadreStore } from '../../shared/store/cadres.ts';

export const getCadre = (services: Services) => {
  const cadres = cadreStore(services);
  return httpHandler(cadresRoutes.getCadre, async ({ params }) => {
    const cadre = await cadres.get(params.cadreId);
    if (!cadre) throw notFound({ zh: '未找到该干部', en: 'No such cadre' });
    return { status: 200, body: cadre };
  });
};

export const handler = getCadre(createServices());
