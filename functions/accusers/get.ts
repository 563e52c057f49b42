/** GET /accuser-flags/{flagId}. */
import * as flagsRoutes from '../../shared/contract/routes/flags.ts';
import { flagView, noSuchFlag } from '../../shared/domain/accuser-flag.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { accuserStore } from '../../shared/store/accusers.ts';
import { identityStatusesOf, reportStore } from '../../shared/store/reports.ts';

export const getFlag = (services: Services) => {
  const accusers = accuserStore(services);
  const reports = reportStore(services);
  return httpHandler(flagsRoutes.getFlag, async ({ params }) => {
    const flag = await accusers.loadFlag(params.flagId);
    if (!flag) throw noSuchFlag();
    const statusOf = await identityStatusesOf(
      reports,
      flag.evidence.map((e) => e.reportId),
    );
    return { status: 200, body: flagView(flag, statusOf) };
  });
};

export const handler = getFlag(createServices());
