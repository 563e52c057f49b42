/** GET /notices/{noticeId}: a public notice; the same 404 for unknown and non-public ones. */
import * as noticesRoutes from '../../shared/contract/routes/notices.ts';
import { notFound } from '../../shared/domain/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clearanceStore } from '../../shared/store/clearances.ts';

export const getNotice = (services: Services) => {
  const clearances = clearanceStore(services);
  return httpHandler(noticesRoutes.getNotice, async ({ params }) => {
    const notice = await clearances.getPublicNotice(params.noticeId);
    if (!notice) throw notFound({ zh: '未找到该通报', en: 'No such notice' });
    return { status: 200, body: notice, headers: { 'cache-control': 'public, max-age=300' } };
  });
};

export const handler = getNotice(createServices());
