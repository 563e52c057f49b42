/**
 * POST /accuser-flags/{flagId}/contest: the person contests; the statement reopens review, which
 * takes the flag out of the credit export until an approver decides again. Intake records contests
 * but may not read flags, so the answer is the flag's status alone.
 */
import * as flagsRoutes from '../../shared/contract/routes/flags.ts';
import { contestFlag as contest, noSuchFlag } from '../../shared/domain/accuser-flag.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { accuserStore } from '../../shared/store/accusers.ts';

export const contestFlag = (services: Services) => {
  const accusers = accuserStore(services);
  return httpHandler(flagsRoutes.contestFlag, async ({ body, params, principal }) => {
    const flag = await accusers.loadFlagFor(principal, params.flagId);
    if (!flag) throw noSuchFlag();
    const step = contest(flag, body.statement, actorOf(principal), services.now());
    await accusers.saveFlagStep(step, (await services.peppers()).audit);
    return { status: 200, body: { flagId: step.flag.flagId, status: step.flag.status } };
  });
};

export const handler = contestFlag(createServices());
