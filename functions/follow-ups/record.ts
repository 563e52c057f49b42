/**
 * POST /follow-ups/{followUpId}: record the visit (回访) and what was learned, by the clue's
 * investigator or an approver.
 */
import * as followUpsRoutes from '../../shared/contract/routes/follow-ups.ts';
import { assertMayRecordFollowUp } from '../../shared/domain/clearance.ts';
import { DomainError, notFound } from '../../shared/domain/errors.ts';
import { actingRole, actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { followUpStore } from '../../shared/store/follow-ups.ts';

export const recordFollowUp = (services: Services) => {
  const followUps = followUpStore(services);
  const clues = clueStore(services);
  return httpHandler(followUpsRoutes.recordFollowUp, async ({ body, params, principal }) => {
    const followUp = await followUps.get(params.followUpId);
    if (!followUp) throw notFound({ zh: '未找到该回访', en: 'No such follow-up visit' });
    const actor = actorOf(principal);
    assertMayRecordFollowUp(actor, (await clues.load(followUp.clueId))?.clue.assignee);
    const now = services.now();
    const visit = {
      notes: body.notes,
      visitedAt: body.visitedAt ?? now.toISOString(),
      visitedBy: actor.userId,
    };
    const recorded = await followUps.record(
      followUp,
      visit,
      {
        at: now.toISOString(),
        actor: actor.userId,
        role: actingRole(actor, ['investigator', 'approver']),
        action: 'record-follow-up',
        details: { followUpId: followUp.followUpId, clearanceId: followUp.clearanceId },
      },
      (await services.peppers()).audit,
    );
    if (!recorded)
      throw new DomainError('INVALID_TRANSITION', {
        zh: '该回访已记录',
        en: 'This visit was already recorded',
      });
    return { status: 200, body: { ...followUp, ...visit, status: 'DONE' } };
  });
};

export const handler = recordFollowUp(createServices());
