/** POST /clues/{clueId}/actions: one step of the clue state machine, at an expected version. */
import * as cluesRoutes from '../../shared/contract/routes/clues.ts';
import { actionRules, applyAction } from '../../shared/domain/clue.ts';
import { versionConflict } from '../../shared/domain/errors.ts';
import { actingRole, actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { reportStore } from '../../shared/store/reports.ts';
import { loadClueDetail } from '../../shared/views/clue.ts';

export const clueAction = (services: Services) => {
  const clues = clueStore(services);
  const reports = reportStore(services);

  return httpHandler(cluesRoutes.clueAction, async ({ body, params, principal }) => {
    const actor = actorOf(principal);
    const { expectedVersion, ...command } = body;
    const clue = await clues.mutate(
      params.clueId,
      (stored) => {
        if (stored.clue.version !== expectedVersion) throw versionConflict(stored.clue.version);
        const now = services.now();
        const outcome = applyAction(stored.clue, command, actor, { now, policy: services.deadlines });
        return {
          clue: outcome.clue,
          alertedDeadline: stored.alertedDeadline,
          facts: {
            ...outcome.history,
            at: now.toISOString(),
            actor: actor.userId,
            role: actingRole(actor, actionRules[command.action].roles),
          },
          events: outcome.events,
        };
      },
      { now: services.now, auditPepper: (await services.peppers()).audit },
    );
    const deps = { reports, db: services.db, tableName: services.config.TABLE_NAME };
    return { status: 200, body: await loadClueDetail(deps, clue, services.now()) };
  });
};

export const handler = clueAction(createServices());
