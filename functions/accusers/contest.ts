/**
 * POST /accuser-flags/{flagId}/contest: the person contests; the statement reopens review, which
 * takes the flag out of the credit export until an approver decides again. Intake records contests
 * but may not read flags, so the answer is the flag's status alone.
 */
import * as flagsRoutes from '../../shared/contract/routes/flags.ts';
import { contestFlag as contest, noSuchFlag } from '../../shared/domain/accuser-flag.ts';
import { actingRole, actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { accuserStore } from '../../shared/store/accusers.ts';

export const contestFlag = (services: Services) => {
  const accusers = accuserStore(services);
  return httpHandler(flagsRoutes.contestFlag, async ({ body, params, principal }) => {
    const flag = await accusers.loadFlag(params.flagId);
    if (!flag) throw noSuchFlag();
    const actor = actorOf(principal);
    const now = services.now();
    const contested = { ...contest(flag, body.statement, actor, now), fingerprint: flag.fingerprint };
    await accusers.saveFlagStep(
      flag,
      contested,
      {
        at: now.toISOString(),
        actor: actor.userId,
        role: actingRole(actor, ['intake', 'approver']),
        action: 'flag-contested',
        reason: body.statement,
        fromStatus: flag.status,
        toStatus: contested.status,
      },
      (await services.peppers()).audit,
      now,
    );
    return { status: 200, body: { flagId: contested.flagId, status: contested.status } };
  });
};

export const handler = contestFlag(createServices());
