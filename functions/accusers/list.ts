/** GET /accuser-flags?status=: the member's commission's flags for review, by pseudonym only. */
import * as flagsRoutes from '../../shared/contract/routes/flags.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { accuserStore } from '../../shared/store/accusers.ts';
import { reportStore } from '../../shared/store/reports.ts';
import { loadFlagViews } from '../../shared/views/flag.ts';

export const listFlags = (services: Services) => {
  const accusers = accuserStore(services);
  const reports = reportStore(services);
  return httpHandler(flagsRoutes.listFlags, async ({ query, principal }) => {
    const { commissionId } = principal;
    const page = await accusers.list(commissionId, query.status, query.limit, query.cursor, services.now());
    return {
      status: 200,
      body: {
        items: await loadFlagViews(services, reports, page.items),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      },
    };
  });
};

export const handler = listFlags(createServices());
