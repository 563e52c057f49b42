/**
 * POST /cadres/{cadreId}/relationships: an approver declares that a member is related to a cadre
 * (kin or interests). The member then cannot be assigned, nor act on, a clue linked to that cadre.
 * Only a cadre of the approver's own commission (another's is a 404).
 */
import * as recusalsRoutes from '../../shared/contract/routes/recusals.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { cadreStore } from '../../shared/store/cadres.ts';
import { recusalStore } from '../../shared/store/recusals.ts';

export const declareRelationship = (services: Services) => {
  const cadres = cadreStore(services);
  const recusals = recusalStore(services);
  return httpHandler(recusalsRoutes.declareRelationship, async ({ body, params, principal }) => {
    const { cadreId } = await cadres.existingFor(principal, params.cadreId);
    const relationship = {
      cadreId,
      userId: body.userId,
      relation: body.relation,
      declaredBy: principal.userId,
      declaredAt: services.now().toISOString(),
    };
    await recusals.declareRelationship(relationship);
    return { status: 201, body: relationship };
  });
};

export const handler = declareRelationship(createServices());
