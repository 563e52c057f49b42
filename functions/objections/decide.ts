/** POST /objections/{objectionId}/decision: an approver upholds the conclusion or reopens the clue. */
import * as objectionsRoutes from '../../shared/contract/routes/objections.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { noSuchObjection, objectionStore } from '../../shared/store/objections.ts';

export const decideObjection = (services: Services) => {
  const objections = objectionStore(services);

  return httpHandler(objectionsRoutes.decideObjection, async ({ body, params, principal }) => {
    const objection = await objections.get(params.objectionId);
    if (!objection) throw noSuchObjection();
    const acting = { actor: actorOf(principal), role: 'approver' as const, now: services.now() };
    const input = { ...body, policy: services.deadlines };
    const decided = await objections.decide(objection, input, acting, (await services.peppers()).audit);
    // The reason stays sealed here: only the approvers' list opens it.
    const { reason: _sealed, ...answer } = decided.objection;
    return { status: 200, body: answer };
  });
};

export const handler = decideObjection(createServices());
