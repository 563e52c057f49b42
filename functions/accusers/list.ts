/** GET /accuser-flags?status=: flags for review, by pseudonym only. */
import * as flagsRoutes from '../../shared/contract/routes/flags.ts';
import { flagView } from '../../shared/domain/accuser-flag.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { accuserStore } from '../../shared/store/accusers.ts';
import { identityStatusesOf, reportStore } from '../../shared/store/reports.ts';

export const listFlags = (services: Services) => {
  const accusers = accuserStore(services);
  const reports = reportStore(services);
  return httpHandler(flagsRoutes.listFlags, async ({ query }) => {
    const page = await accusers.list(query.status, query.limit, query.cursor, services.now());
    const evidence = page.items.flatMap((flag) => flag.evidence.map((e) => e.reportId));
    const statusOf = await identityStatusesOf(reports, evidence);
    return {
      status: 200,
      body: {
        items: page.items.map((flag) => flagView(flag, statusOf)),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      },
    };
  });
};

export const handler = listFlags(createServices());
