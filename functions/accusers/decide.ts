/** POST /accuser-flags/{flagId}/decision: a reviewer's decision is what makes a flag count. */
import * as flagsRoutes from '../../shared/contract/routes/flags.ts';
import { decideFlag as decide, noSuchFlag } from '../../shared/domain/accuser-flag.ts';
import { versionConflict } from '../../shared/domain/errors.ts';
import { assertNoConflict } from '../../shared/domain/recusal.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { accuserStore } from '../../shared/store/accusers.ts';
import { recusalStore } from '../../shared/store/recusals.ts';
import { reportStore } from '../../shared/store/reports.ts';
import { evidenceStatuses, loadFlagViews } from '../../shared/views/flag.ts';

export const decideFlag = (services: Services) => {
  const accusers = accuserStore(services);
  const reports = reportStore(services);
  const recusals = recusalStore(services);
  return httpHandler(flagsRoutes.decideFlag, async ({ body, params, principal }) => {
    const flag = await accusers.loadFlagFor(principal, params.flagId);
    if (!flag) throw noSuchFlag();
    if (body.expectedVersion !== undefined && body.expectedVersion !== flag.version)
      throw versionConflict(flag.version);
    // 回避: no decision on a flag resting on a clue the reviewer stepped aside from (keys, one BatchGetItem).
    const recused = await recusals.recusedFrom(
      flag.evidence.map((e) => e.clueId),
      principal.userId,
    );
    assertNoConflict(principal.userId, { recusals: recused });
    const { decision, reason } = body;
    // Every evidence report's status, another commission's too: read here, never shown by id.
    const statusOf = await evidenceStatuses(reports, [flag]);
    const step = decide(
      flag,
      decision,
      reason,
      actorOf(principal),
      services.now(),
      services.flagPolicy,
      statusOf,
    );
    await accusers.saveFlagStep(step, (await services.peppers()).audit);
    const [view] = await loadFlagViews(services, reports, [step.flag], statusOf);
    return { status: 200, body: view as NonNullable<typeof view> };
  });
};

export const handler = decideFlag(createServices());
