/**
 * POST /follow-ups/{followUpId}: record the visit (回访) and what was learned, by the clue's
 * investigator or an approver.
 */
import * as followUpsRoutes from '../../shared/contract/routes/follow-ups.ts';
import { decideFollowUpVisit, visitAlreadyRecorded } from '../../shared/domain/clearance-steps.ts';
import { notFound } from '../../shared/domain/errors.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { followUpStore } from '../../shared/store/follow-ups.ts';

export const recordFollowUp = (services: Services) => {
  const followUps = followUpStore(services);
  const clues = clueStore(services);
  return httpHandler(followUpsRoutes.recordFollowUp, async ({ body, params, principal }) => {
    // Another commission's visit answers exactly as a missing one.
    const followUp = await followUps.getFor(principal, params.followUpId);
    if (!followUp) throw notFound({ zh: '未找到该回访', en: 'No such follow-up visit' });
    const visit = decideFollowUpVisit(followUp, {
      ...body,
      actor: actorOf(principal),
      investigator: (await clues.load(followUp.clueId))?.clue.assignee,
      now: services.now(),
    });
    if (!(await followUps.record(visit, (await services.peppers()).audit))) throw visitAlreadyRecorded();
    return { status: 200, body: visit.followUp };
  });
};

export const handler = recordFollowUp(createServices());
