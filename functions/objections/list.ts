/** GET /objections?status=OPEN: the approvers' queue of objections, with each reporter's reason. */
import * as objectionsRoutes from '../../shared/contract/routes/objections.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { type Objection, objectionStore } from '../../shared/store/objections.ts';

export const listObjections = (services: Services) => {
  const objections = objectionStore(services);
  // An erased reason (保存期限) is absent; reasonErasedAt says when it went.
  const opened = async ({ reason, ...objection }: Objection) => ({
    ...objection,
    ...(reason
      ? { reason: await services.vault.open<string>(reason, { objectionId: objection.objectionId }) }
      : {}),
  });

  return httpHandler(objectionsRoutes.listObjections, async ({ query }) => {
    const page = await objections.list(query.status, query.limit, query.cursor);
    const items = await Promise.all(page.items.map(opened));
    return { status: 200, body: { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) } };
  });
};

export const handler = listObjections(createServices());
