/** GET /accuser-flags/{flagId}: only a flag of the member's own commission (another's is a 404). */
import * as flagsRoutes from '../../shared/contract/routes/flags.ts';
import { noSuchFlag } from '../../shared/domain/accuser-flag.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { accuserStore } from '../../shared/store/accusers.ts';
import { reportStore } from '../../shared/store/reports.ts';
import { loadFlagViews } from '../../shared/views/flag.ts';

export const getFlag = (services: Services) => {
  const accusers = accuserStore(services);
  const reports = reportStore(services);
  return httpHandler(flagsRoutes.getFlag, async ({ params, principal }) => {
    const flag = await accusers.loadFlagFor(principal, params.flagId);
    if (!flag) throw noSuchFlag();
    const [view] = await loadFlagViews(services, reports, [flag]);
    return { status: 200, body: view as NonNullable<typeof view> };
  });
};

export const handler = getFlag(createServices());
