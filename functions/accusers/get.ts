/** GET /accuser-flags/{flagId}. */
import * as flagsRoutes from '../../shared/contract/routes/flags.ts';
import { flagView, noSuchFlag } from '../../shared/domain/accuser-flag.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { accuserStore } from '../../shared/store/accusers.ts';

export const getFlag = (services: Services) => {
  const accusers = accuserStore(services);
  return httpHandler(flagsRoutes.getFlag, async ({ params }) => {
    const flag = await accusers.loadFlag(params.flagId);
    if (!flag) throw noSuchFlag();
    return { status: 200, body: flagView(flag) };
  });
};

export const handler = getFlag(createServices());
