/**
 * GET /notices: the public notice board, newest first: the whole board, or with `commissionId`
 * that commission's (its own notices and those of the commissions under it; one Query a page).
 */
import * as noticesRoutes from '../../shared/contract/routes/notices.ts';
import { notFound } from '../../shared/domain/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clearanceStore } from '../../shared/store/clearances.ts';
import { commissionStore } from '../../shared/store/commissions.ts';

export const listNotices = (services: Services) => {
  const clearances = clearanceStore(services);
  const commissions = commissionStore(services);
  return httpHandler(noticesRoutes.listNotices, async ({ query }) => {
    const { commissionId, limit, cursor } = query;
    if (commissionId !== undefined && !(await commissions.exists(commissionId)))
      throw notFound({ zh: '未找到该纪检监察机关', en: 'No such commission' });
    const page =
      commissionId === undefined
        ? await clearances.listPublicNotices(limit, cursor)
        : await clearances.listBoard(commissionId, limit, cursor);
    return {
      status: 200,
      body: { items: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
      headers: { 'cache-control': 'public, max-age=60' },
    };
  });
};

export const handler = listNotices(createServices());
