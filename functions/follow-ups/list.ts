/** GET /follow-ups?due=: pending follow-up visits by due date. */
import * as followUpsRoutes from '../../shared/contract/routes/follow-ups.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { followUpStore } from '../../shared/store/follow-ups.ts';

export const listFollowUps = (services: Services) => {
  const followUps = followUpStore(services);
  return httpHandler(followUpsRoutes.listFollowUps, async ({ query, principal }) => {
    const dueBy = query.due === 'true' ? services.now().toISOString() : undefined;
    const page = await followUps.listPending(principal.commissionId, query.limit, query.cursor, dueBy);
    return {
      status: 200,
      body: { items: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
    };
  });
};

export const handler = listFollowUps(createServices());
