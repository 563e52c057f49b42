/** GET /accuser-flags/{flagId}. */
import * as flagsRoutes from '../../infra/routes/flags.ts';
import { notFound } from '../../shared/domain/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { accuserStore, flagView } from '../../shared/store/accusers.ts';

export const noSuchFlag = () => notFound({ zh: '未找到该标记', en: 'No such flag' });

export const getFlag = (services: Services) => {
  const accusers = accuserStore(services);
  return httpHandler(flagsRoutes.getFlag, async ({ params }) => {
    const flag = await accusers.loadFlag(params.flagId as string);
    if (!flag) throw noSuchFlag();
    return { status: 200, body: flagView(flag) };
  });
};

export const handler = getFlag(createServices());
