/** POST /accuser-flags/{flagId}/decision: a reviewer's decision is what makes a flag count. */
import * as flagsRoutes from '../../shared/contract/routes/flags.ts';
import { decideFlag as decide, noSuchFlag } from '../../shared/domain/accuser-flag.ts';
import { versionConflict } from '../../shared/domain/errors.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { accuserStore, flagView } from '../../shared/store/accusers.ts';

export const decideFlag = (services: Services) => {
  const accusers = accuserStore(services);
  return httpHandler(flagsRoutes.decideFlag, async ({ body, params, principal }) => {
    const flag = await accusers.loadFlag(params.flagId);
    if (!flag) throw noSuchFlag();
    if (body.expectedVersion !== undefined && body.expectedVersion !== flag.version)
      throw versionConflict(flag.version);
    const now = services.now();
    const decided = {
      ...decide(flag, body.decision, body.reason, actorOf(principal), now, services.flagPolicy),
      fingerprint: flag.fingerprint,
    };
    await accusers.saveFlagStep(
      flag,
      decided,
      {
        at: now.toISOString(),
        actor: principal.userId,
        role: 'approver',
        action: `flag-${body.decision.toLowerCase()}`,
        reason: body.reason,
        fromStatus: flag.status,
        toStatus: decided.status,
      },
      (await services.peppers()).audit,
      now,
    );
    return { status: 200, body: flagView(decided) };
  });
};

export const handler = decideFlag(createServices());
