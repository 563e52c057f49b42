/** POST /clues/{clueId}/actions: one step of the clue state machine, at an expected version. */
import * as cluesRoutes from '../../shared/contract/routes/clues.ts';
import { actionRules } from '../../shared/domain/clue.ts';
import { decideAction } from '../../shared/domain/clue-decisions.ts';
import { feedbackDeadlines } from '../../shared/domain/conversation.ts';
import { versionConflict } from '../../shared/domain/errors.ts';
import { actingRole, actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { feedbackDeadlineItems } from '../../shared/store/messages.ts';
import { reportStore } from '../../shared/store/reports.ts';
import { loadClueDetail } from '../../shared/views/clue.ts';

export const clueAction = (services: Services) => {
  const clues = clueStore(services);
  const reports = reportStore(services);
  const deps = { reports, db: services.db, tableName: services.config.TABLE_NAME };

  return httpHandler(cluesRoutes.clueAction, async ({ body, params, principal }) => {
    const actor = actorOf(principal);
    const { expectedVersion, ...command } = body;
    const role = actingRole(actor, actionRules[command.action].roles);
    const input = { command, expectedVersion, policy: services.deadlines };
    const stored = await clues.existingFor(principal, params.clueId as string);
    const { clue } = await clues.update(
      stored,
      (latest) => {
        const decision = decideAction(latest.clue, input, { actor, role, now: services.now() });
        // A conclusion owes each real-name reporter the result (conversation.ts), in the same write.
        const owed =
          command.action === 'approve-conclusion' ? feedbackDeadlines(decision.clue, services.deadlines) : [];
        const items = feedbackDeadlineItems(services.config.TABLE_NAME, owed);
        const refused = () => versionConflict(latest.clue.version);
        return {
          ...decision,
          also: Object.fromEntries(items.map((item, i) => [`feedback${i}`, { item, refused }])),
        };
      },
      (await services.peppers()).audit,
    );
    return { status: 200, body: await loadClueDetail(deps, clue, services.now()) };
  });
};

export const handler = clueAction(createServices());
