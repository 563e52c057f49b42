/** POST /cadres: record a cadre and their posts with tenure dates, in the member's own commission. */
import * as cadresRoutes from '../../shared/contract/routes/cadres.ts';
import { newId } from '../../shared/domain/ids.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { type CadreRecord, cadreStore } from '../../shared/store/cadres.ts';

export const createCadre = (services: Services) => {
  const cadres = cadreStore(services);
  return httpHandler(cadresRoutes.createCadre, async ({ body, principal }) => {
    const cadre: CadreRecord = {
      cadreId: newId('cad'),
      name: body.name,
      posts: body.posts,
      commissionId: principal.commissionId,
      createdAt: services.now().toISOString(),
      createdBy: principal.userId,
    };
    await cadres.create(cadre);
    return { status: 201, body: cadre };
  });
};

export const handler = createCadre(createServices());
