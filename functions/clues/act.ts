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
import { recusalStore } from '../../shared/store/recusals.ts';
import { reportStore } from '../../shared/store/reports.ts';
import { staffStore } from '../../shared/store/staff.ts';
import { loadClueDetail } from '../../shared/views/clue.ts';

export const clueAction = (services: Services) => {
  const clues = clueStore(services);
  const reports = reportStore(services);
  const staff = staffStore(services);
  const recusals = recusalStore(services);
  const deps = { reports, db: services.db, tableName: services.config.TABLE_NAME };

  return httpHandler(cluesRoutes.clueAction, async ({ body, params, principal }) => {
    const actor = actorOf(principal);
    const { expectedVersion, ...command } = body;
    const role = actingRole(actor, actionRules[command.action].roles);
    // An assignee is a member of the caller's commission, checked in the decision (staff.ts).
    const assignee =
      command.action === 'assign'
        ? {
            member: await staff.member(principal.commissionId, command.assignee),
            commissionId: principal.commissionId,
          }
        : undefined;
    const input = { command, expectedVersion, policy: services.deadlines, assignee };
    const stored = await clues.existingFor(principal, params.clueId as string);
    // 回避: the clue's recusals came with it; its cadre's declared relationships with the people concerned.
    const people = [actor.userId, ...(command.action === 'assign' ? [command.assignee] : [])];
    const relations = await recusals.relationsOf(stored.clue.cadreId, people);
    const { clue } = await clues.update(
      stored,
      (latest) => {
        const conflicts = { recusals: latest.recusals, relations };
        const decision = decideAction(
          latest.clue,
          { ...input, conflicts },
          { actor, role, now: services.now() },
        );
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
