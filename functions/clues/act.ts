/** POST /clues/{clueId}/actions: one step of the clue state machine, at an expected version. */
import * as cluesRoutes from '../../shared/contract/routes/clues.ts';
import { actionRules } from '../../shared/domain/clue.ts';
import { decideAction } from '../../shared/domain/clue-decisions.ts';
import { actingRole, actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueEffects } from '../../shared/store/clue-effects.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { recusalStore } from '../../shared/store/recusals.ts';
import { reportStore } from '../../shared/store/reports.ts';
import { staffStore } from '../../shared/store/staff.ts';
import { transferStore } from '../../shared/store/transfers.ts';
import { loadClueDetail } from '../../shared/views/clue.ts';

export const clueAction = (services: Services) => {
  const clues = clueStore(services);
  const staff = staffStore(services);
  const recusals = recusalStore(services);
  const transfers = transferStore(services);
  const deps = { reports: reportStore(services), db: services.db, tableName: services.config.TABLE_NAME };

  return httpHandler(cluesRoutes.clueAction, async ({ body, params, principal }) => {
    const actor = actorOf(principal);
    const now = services.now();
    const { expectedVersion, ...asked } = body;
    const role = actingRole(actor, actionRules[asked.action].roles);
    const stored = await clues.existingFor(principal, params.clueId as string);
    // A transfer to another commission reads the receiver and the reports first; its case numbers
    // are drawn only once the decision allows it (clue-effects.ts).
    const { command, handOver } = await transfers.forClue(principal, asked, stored.clue, now);
    // An assignee is a member of the caller's commission, checked in the decision (staff.ts).
    const assignee =
      command.action === 'assign'
        ? {
            member: await staff.member(principal.commissionId, command.assignee),
            commissionId: principal.commissionId,
          }
        : undefined;
    const input = { command, expectedVersion, policy: services.deadlines, assignee };
    // 回避: the clue's recusals came with it; its cadre's declared relationships with the people concerned.
    const people = [actor.userId, ...(command.action === 'assign' ? [command.assignee] : [])];
    const relations = await recusals.relationsOf(stored.clue.cadreId, people);
    const { clue } = await clues.update(
      stored,
      async (latest) => {
        const conflicts = { recusals: latest.recusals, relations };
        const decision = decideAction(latest.clue, { ...input, conflicts }, { actor, role, now });
        // What the same write also owes: result feedback deadlines, the transferred reports.
        return clueEffects(services, decision, latest.clue.version, handOver);
      },
      (await services.peppers()).audit,
    );
    return { status: 200, body: await loadClueDetail(deps, clue, now) };
  });
};

export const handler = clueAction(createServices());
