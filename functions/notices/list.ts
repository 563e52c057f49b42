/** GET /notices: the public notice board, newest first. */
import * as noticesRoutes from '../../shared/contract/routes/notices.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clearanceStore } from '../../shared/store/clearances.ts';

export const listNotices = (services: Services) => {
  const clearances = clearanceStore(services);
  return httpHandler(noticesRoutes.listNotices, async ({ query }) => {
    const page = await clearances.listPublicNotices(query.limit, query.cursor);
    return {
      status: 200,
      body: { items: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
      headers: { 'cache-control': 'public, max-age=60' },
    };
  });
};

export const handler = listNotices(createServices());
